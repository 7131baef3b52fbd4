package dev.seqae.model.engine;

import java.util.Arrays;

/**
 * Layer sizes of the network.
 *
 * @param features    features per step
 * @param encoder     encoder LSTM sizes, bottom first
 * @param latent      latent vector size; 0 = no dense bottleneck: the encoder's last hidden state is the
 *                    latent vector (as Orion's LSTM autoencoder)
 * @param decoder     decoder LSTM sizes, bottom first
 * @param conditional whether the decoder also sees the previous target step
 */
public record NetworkShape(int features, int[] encoder, int latent, int[] decoder, boolean conditional) {
    public NetworkShape {
        encoder = encoder.clone();
        decoder = decoder.clone();
    }

    /** Whether a dense layer maps the encoder's last hidden state to the latent vector. */
    public boolean bottleneck() {
        return latent > 0;
    }

    /** The latent vector's size: {@link #latent}, or the encoder's top size without a bottleneck. */
    public int latentWidth() {
        return latent > 0 ? latent : encoderTop();
    }

    int encoderTop() {
        return encoder[encoder.length - 1];
    }

    int decoderTop() {
        return decoder[decoder.length - 1];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NetworkShape s && s.features == features && s.latent == latent
                && s.conditional == conditional && Arrays.equals(s.encoder, encoder)
                && Arrays.equals(s.decoder, decoder);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(encoder) * 31 + Arrays.hashCode(decoder) + features + latent;
    }

    @Override
    public String toString() {
        return "NetworkShape[features=" + features + ", encoder=" + Arrays.toString(encoder) + ", latent=" + latent
                + ", decoder=" + Arrays.toString(decoder) + ", conditional=" + conditional + "]";
    }
}
