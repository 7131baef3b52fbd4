package dev.seqae.model.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seqae.data.SequenceBatch;
import dev.seqae.data.SequenceTensors;
import dev.seqae.data.SyntheticGenerator;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The conditional decoder's free-running pass (step by step, each step fed the output of the one
 * before) is the teacher-forced pass fed its own outputs: given those outputs as the previous
 * targets, the teacher-forced pass must reproduce them at every step.
 */
class FreeRunningTest {

    @ParameterizedTest(name = "stacked={0}")
    @ValueSource(booleans = {false, true})
    void freeRunningOutputsAreAFixedPointOfTheTeacherForcedPass(boolean stacked) {
        int[] layers = stacked ? new int[] {16, 12} : new int[] {16};
        int features = 3;
        var net = new AutoencoderNetwork(new NetworkShape(features, layers, 5, layers, true, false, 0),
                DataType.FLOAT);
        net.initialize(5);
        List<float[][]> seqs = SyntheticGenerator.normal(7, 18, features, 4);
        SequenceBatch b = SequenceTensors.batch(seqs, features, false, true, DataType.FLOAT);
        var free = net.buffers(b.steps(), b.size(), false);
        net.forwardFreeRunning(b, free);
        INDArray y = free.output().dup();
        // previous targets: the free-running output one step earlier (zero before the first step)
        INDArray previous = Nd4j.zeros(DataType.FLOAT, y.rows(), features);
        long rows = (long) (b.steps() - 1) * b.size();
        Views.rows(previous, b.size(), rows).assign(Views.rows(y, 0, rows));
        SequenceBatch fed = new SequenceBatch(b.steps(), b.size(), features, b.input(), b.target(), previous,
                b.mask(), b.lengths(), false);
        var forced = net.buffers(b.steps(), b.size(), false);
        net.forward(fed, forced, null);
        double worst = forced.output().sub(y).amaxNumber().doubleValue();
        double scale = y.amaxNumber().doubleValue();
        assertTrue(scale > 0.01, "non-trivial outputs");
        assertTrue(worst < 1e-5, "teacher-forced on its own outputs differs from free-running by " + worst);
        // and the outputs do depend on what is fed: zero previous targets give another reconstruction
        SequenceBatch zeros = new SequenceBatch(b.steps(), b.size(), features, b.input(), b.target(),
                Nd4j.zeros(DataType.FLOAT, y.rows(), features), b.mask(), b.lengths(), false);
        net.forward(zeros, forced, null);
        assertTrue(forced.output().sub(y).amaxNumber().doubleValue() > 1e-4, "the previous targets matter");
    }
}
