package dev.seqae.model.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every buffer of one forward (and, for training, backward) pass at one {@code (steps, batch)}
 * shape. Not thread-safe: each thread or trainer owns its own.
 */
public final class Buffers {
    final int steps;
    final int batch;
    final boolean training;
    /** Per encoder level, per direction. */
    final LstmLayer.Cache[][] enc;
    /** Per decoder level, per direction. */
    final LstmLayer.Cache[][] dec;
    /** The encoder's summary of each sequence {@code [batch, encoderWidth]}. */
    final INDArray hLast;
    final INDArray z;
    /** Per direction: the decoder's first-level input projection of the latent vector plus bias. */
    final INDArray[] zProjection;
    final INDArray y;
    /** What the output layer read in the last forward pass (the decoder's top outputs, or their dropped-out copies). */
    INDArray[] outputInput;
    // training only
    final INDArray dy;
    final INDArray dz;
    final INDArray dhLast;
    final INDArray onesBatch;
    final INDArray maskLatent;
    final INDArray hLastDropped;
    final INDArray[] maskOutput;
    final INDArray[] hTopDropped;

    Buffers(AutoencoderNetwork net, int steps, int batch, boolean training) {
        if (steps < 1 || batch < 1) {
            throw new IllegalArgumentException("steps and batch must be >= 1, got " + steps + ", " + batch);
        }
        this.steps = steps;
        this.batch = batch;
        this.training = training;
        DataType dt = net.params().dataType();
        NetworkShape s = net.shape();
        this.enc = new LstmLayer.Cache[net.encoderLevels().length][];
        if (s.heads() && steps < 3) {
            throw new IllegalArgumentException("prediction heads need windows of at least 3 steps, got " + steps);
        }
        for (int j = 0; j < enc.length; j++) {
            enc[j] = net.encoderLevels()[j].caches(s.encoderSteps(steps), batch, training);
        }
        this.dec = new LstmLayer.Cache[net.decoderLevels().length][];
        for (int j = 0; j < dec.length; j++) {
            dec[j] = net.decoderLevels()[j].caches(steps, batch, training);
        }
        long rows = (long) steps * batch;
        int dirs = s.directions();
        this.hLast = Nd4j.create(dt, batch, s.encoderWidth());
        this.z = Nd4j.create(dt, batch, s.latentWidth());
        this.zProjection = new INDArray[dirs];
        for (int d = 0; d < dirs; d++) {
            zProjection[d] = Nd4j.create(dt, batch, 4L * s.decoder()[0]);
        }
        this.y = Nd4j.create(dt, rows, s.features());
        if (training) {
            this.dy = Nd4j.create(dt, rows, s.features());
            this.dz = Nd4j.create(dt, batch, s.latentWidth());
            this.dhLast = Nd4j.create(dt, batch, s.encoderWidth());
            this.onesBatch = Nd4j.ones(dt, 1, batch);
            this.maskLatent = Nd4j.create(dt, batch, s.encoderWidth());
            this.hLastDropped = Nd4j.create(dt, batch, s.encoderWidth());
            this.maskOutput = new INDArray[dirs];
            this.hTopDropped = new INDArray[dirs];
            for (int d = 0; d < dirs; d++) {
                maskOutput[d] = Nd4j.create(dt, rows, s.decoderTop());
                hTopDropped[d] = Nd4j.create(dt, rows, s.decoderTop());
            }
        } else {
            this.dy = null;
            this.dz = null;
            this.dhLast = null;
            this.onesBatch = null;
            this.maskLatent = null;
            this.hLastDropped = null;
            this.maskOutput = null;
            this.hTopDropped = null;
        }
    }

    /** Reconstruction {@code [steps * batch, features]} of the last forward pass. */
    public INDArray output() {
        return y;
    }

    /** Latent vectors {@code [batch, latent]} of the last forward pass. */
    public INDArray latent() {
        return z;
    }

    public int steps() {
        return steps;
    }

    /**
     * Frees the native memory of every array now instead of when the collector finds them (the
     * buffers must not be used again): {@link AutoencoderNetwork#inferenceBuffers} calls it on the
     * buffers it replaces, so that a scoring loop over changing shapes does not pile up native
     * memory behind the collector (docs/service.md, "Native memory freed at once").
     */
    public void close() {
        for (LstmLayer.Cache[][] side : new LstmLayer.Cache[][][] {enc, dec}) {
            for (LstmLayer.Cache[] level : side) {
                for (LstmLayer.Cache c : level) {
                    c.close();
                }
            }
        }
        closeAll(hLast, z, y, dy, dz, dhLast, onesBatch, maskLatent, hLastDropped);
        closeAll(zProjection);
        if (maskOutput != null) {
            closeAll(maskOutput);
            closeAll(hTopDropped);
        }
    }

    static void closeAll(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && !a.wasClosed()) {
                a.close();
            }
        }
    }

    public int batch() {
        return batch;
    }
}
