package dev.seqae.errors;

import java.util.concurrent.CancellationException;

/**
 * Long computations (t-SNE, scoring a long series in batches) call {@link #check} between their
 * steps: a thread that was interrupted — a server request over its time limit, or whose client went
 * away — stops there instead of running to the end. The interrupt flag stays set.
 */
public final class Stopped {
    private Stopped() {
    }

    /**
     * @param what the computation, for the message
     * @throws CancellationException when the current thread has been interrupted
     */
    public static void check(String what) {
        if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException(what + " was stopped");
        }
    }
}
