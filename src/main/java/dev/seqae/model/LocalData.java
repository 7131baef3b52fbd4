package dev.seqae.model;

import dev.seqae.data.Normalizer;
import dev.seqae.model.engine.AutoencoderNetwork;
import java.util.ArrayList;
import java.util.List;

/** Training sequences in this JVM: minibatch gradients on {@code threads} threads ({@link ShardedGradients}). */
final class LocalData implements TrainingData {
    private final List<float[][]> raw;
    private final int features;

    LocalData(List<float[][]> raw, int features) {
        this.raw = raw;
        this.features = features;
    }

    @Override
    public int size() {
        return raw.size();
    }

    @Override
    public int features() {
        return features;
    }

    @Override
    public List<float[][]> local() {
        return raw;
    }

    @Override
    public String fingerprint() {
        return Provenance.fingerprint(raw);
    }

    @Override
    public Normalizer.Statistics statistics(int[] positions) {
        Normalizer.Statistics s = new Normalizer.Statistics(features);
        for (int p : positions) {
            s.add(raw.get(p));
        }
        return s;
    }

    @Override
    public Session start(Normalizer normalizer, AutoencoderNetwork net, ModelConfig config, int threads) {
        List<float[][]> normalized = raw.stream().map(normalizer::apply).toList();
        ShardedGradients sharded = new ShardedGradients(net, threads, config.dropout(), config.seed());
        boolean conditional = config.decoder() == DecoderKind.CONDITIONAL;
        return new Session() {
            @Override
            public ShardedGradients.Result lossAndGradient(int[] positions, List<float[][]> inputs) {
                return sharded.lossAndGradient(pick(normalized, positions), inputs, features, config.reversed(),
                        conditional, config.l2());
            }

            @Override
            public double[] squaredErrorSum(int[] positions) {
                return Trainer.squaredErrorSum(net, pick(normalized, positions), config.reversed());
            }

            @Override
            public List<float[][]> squaredErrors(int[] positions) {
                return Inference.run(net, Inference.Passes.of(net), pick(normalized, positions), config.reversed(),
                        Inference.Need.ERRORS).stream()
                        .map(Inference.Result::squaredErrors).toList();
            }

            @Override
            public void close() {
                sharded.close();
            }
        };
    }

    /** The sequences at {@code positions}, in that order. */
    static List<float[][]> pick(List<float[][]> all, int[] positions) {
        List<float[][]> out = new ArrayList<>(positions.length);
        for (int p : positions) {
            out.add(all.get(p));
        }
        return out;
    }
}
