package dev.seqae.cli;

import dev.seqae.model.TrainingListener;
import java.io.PrintStream;

/** Shows training progress on stderr: one redrawn line on a terminal, one line per epoch otherwise. */
final class ProgressBar implements TrainingListener {
    private static final int WIDTH = 24;
    private final PrintStream out;
    private final boolean terminal;

    ProgressBar(PrintStream out) {
        this.out = out;
        this.terminal = System.console() != null;
    }

    @Override
    public void onEpoch(EpochStats s) {
        int filled = (int) Math.round(WIDTH * (double) s.epoch() / s.maxEpochs());
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        String line = String.format("epoch %3d/%d [%s] loss %.4f val %.4f %6.0f seq/s ETA %s%s", s.epoch(),
                s.maxEpochs(), bar, s.trainLoss(), s.validationLoss(), s.sequencesPerSecond(),
                duration(s.etaSeconds()), s.improved() ? " *" : "");
        if (terminal) {
            out.print("\r" + line);
            if (s.epoch() == s.maxEpochs()) {
                out.println();
            }
        } else {
            out.println(line);
        }
        out.flush();
    }

    void done() {
        if (terminal) {
            out.println();
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format("%02d", s % 60) + "s" : s + "s";
    }
}
