package dev.seqae.model.engine;

import java.util.Arrays;

/**
 * Layer sizes of the network.
 *
 * @param features      features per step
 * @param encoder       encoder LSTM sizes, bottom first (per direction when bidirectional)
 * @param latent        latent vector size; 0 = no dense bottleneck: the encoder's last hidden state is the
 *                      latent vector (as Orion's LSTM autoencoder)
 * @param decoder       decoder LSTM sizes, bottom first (per direction when bidirectional)
 * @param conditional   whether the decoder also sees the previous target step
 * @param bidirectional whether every LSTM level of the encoder and the decoder runs both ways
 *                      (outputs concatenated; the encoder's summary is the forward direction's last
 *                      real step beside the backward direction's first step)
 * @param predictionWeight the prediction heads' share of the loss, in [0, 1); 0 = no heads. With
 *                      heads (AER's shape) the encoder reads a window's inner steps {@code 1..T-2}
 *                      and the decoder still outputs all {@code T}: step 0 is a backward prediction
 *                      of the step before the encoder's input, step {@code T-1} a forward
 *                      prediction of the step after it. The loss is the mean squared error of each
 *                      part weighted {@code w/2} (backward), {@code 1 - w} (the inner steps' reconstruction),
 *                      {@code w/2} (forward). Equal-length (unpadded) batches only, at least 3 steps.
 */
public record NetworkShape(int features, int[] encoder, int latent, int[] decoder, boolean conditional,
                           boolean bidirectional, double predictionWeight) {
    public NetworkShape {
        encoder = encoder.clone();
        decoder = decoder.clone();
        if (features < 1 || encoder.length == 0 || decoder.length == 0 || latent < 0) {
            throw new IllegalArgumentException("a network needs features >= 1, at least one encoder and one decoder"
                    + " layer and latent >= 0");
        }
        for (int h : encoder) {
            if (h < 1) {
                throw new IllegalArgumentException("encoder layer sizes must be >= 1: " + Arrays.toString(encoder));
            }
        }
        for (int h : decoder) {
            if (h < 1) {
                throw new IllegalArgumentException("decoder layer sizes must be >= 1: " + Arrays.toString(decoder));
            }
        }
        if (bidirectional && conditional) {
            throw new IllegalArgumentException("a bidirectional decoder cannot be conditional: a conditional decoder"
                    + " is fed its own previous output step by step, so it can only run forward in time");
        }
        if (!(predictionWeight >= 0 && predictionWeight < 1)) {
            throw new IllegalArgumentException("the prediction heads' loss weight must be in [0, 1), got "
                    + predictionWeight);
        }
        if (predictionWeight > 0 && conditional) {
            throw new IllegalArgumentException("prediction heads need the repeat decoder: a conditional decoder is "
                    + "fed the steps it would predict");
        }
    }

    /** A network without prediction heads. */
    public NetworkShape(int features, int[] encoder, int latent, int[] decoder, boolean conditional,
                        boolean bidirectional) {
        this(features, encoder, latent, decoder, conditional, bidirectional, 0);
    }

    /** A one-way network. */
    public NetworkShape(int features, int[] encoder, int latent, int[] decoder, boolean conditional) {
        this(features, encoder, latent, decoder, conditional, false);
    }

    /** Whether the decoder's first and last steps are predictions of the steps around the encoder's input. */
    public boolean heads() {
        return predictionWeight > 0;
    }

    /** The steps the encoder reads of a {@code steps}-step window: all, or the inner ones with heads. */
    public int encoderSteps(int steps) {
        return heads() ? steps - 2 : steps;
    }

    /** Whether a dense layer maps the encoder's last hidden state to the latent vector. */
    public boolean bottleneck() {
        return latent > 0;
    }

    /** The latent vector's size: {@link #latent}, or the encoder's top output width without a bottleneck. */
    public int latentWidth() {
        return latent > 0 ? latent : encoderWidth();
    }

    /** 1, or 2 for a bidirectional network. */
    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** The encoder's top layer size per direction. */
    int encoderTop() {
        return encoder[encoder.length - 1];
    }

    /** The encoder's summary width: its top size times the directions. */
    int encoderWidth() {
        return directions() * encoderTop();
    }

    /** The decoder's top layer size per direction. */
    int decoderTop() {
        return decoder[decoder.length - 1];
    }

    /** The width the output layer reads: the decoder's top size times the directions. */
    int decoderWidth() {
        return directions() * decoderTop();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkShape s && s.features == features && s.latent == latent
                && s.conditional == conditional && s.bidirectional == bidirectional
                && Double.compare(s.predictionWeight, predictionWeight) == 0
                && Arrays.equals(s.encoder, encoder) && Arrays.equals(s.decoder, decoder);
    }

    @Override
    public int hashCode() {
        return (Arrays.hashCode(encoder) * 31 + Arrays.hashCode(decoder) + features + latent) * 2
                + (bidirectional ? 1 : 0) + Double.hashCode(predictionWeight);
    }

    @Override
    public String toString() {
        return "NetworkShape[features=" + features + ", encoder=" + Arrays.toString(encoder) + ", latent=" + latent
                + ", decoder=" + Arrays.toString(decoder) + ", conditional=" + conditional
                + ", bidirectional=" + bidirectional + ", predictionWeight=" + predictionWeight + "]";
    }
}
