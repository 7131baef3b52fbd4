package dev.seqae.model.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The heap product of inference steps against ND4J's, on shapes with and without row and column tails. */
class HeapGemmTest {

    @ParameterizedTest
    @CsvSource({"32,64,256", "1,64,256", "7,64,256", "5,30,120", "3,7,28", "4,1,4", "9,100,400"})
    void accumulatesTheProductOfThePackedWeights(int m, int k, int n) {
        Nd4j.getRandom().setSeed(11L * m + k);
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, k, n).subi(0.5);
        INDArray c = Nd4j.rand(DataType.FLOAT, m, n);
        float[] expected = c.add(a.mmul(b)).data().asFloat();
        HeapGemm g = new HeapGemm(k, n);
        g.pack(b);
        int aOff = 3;                       // offsets into larger arrays, as the kernel's gates are
        int cOff = 5;
        float[] ah = new float[aOff + m * k];
        System.arraycopy(a.data().asFloat(), 0, ah, aOff, m * k);
        for (boolean vectorized : new boolean[] {true, false}) {
            float[] ch = new float[cOff + m * n + 2];
            System.arraycopy(c.data().asFloat(), 0, ch, cOff, m * n);
            g.multiplyAdd(ah, aOff, m, ch, cOff, vectorized);
            for (int i = 0; i < m * n; i++) {
                assertEquals(expected[i], ch[cOff + i], 1e-5 * (k + 1), (vectorized ? "vector" : "scalar")
                        + " element " + i);
            }
            assertTrue(ch[cOff + m * n] == 0f && ch[cOff + m * n + 1] == 0f, "nothing written past the block");
        }
    }

    @ParameterizedTest
    @CsvSource({"256,64", "120,30", "28,7", "4,1"})
    void packsTheTransposeAsItsCopyWouldBePacked(int k, int n) {
        Nd4j.getRandom().setSeed(k);
        INDArray w = Nd4j.rand(DataType.FLOAT, n, k);
        INDArray a = Nd4j.rand(DataType.FLOAT, 3, k);
        HeapGemm direct = new HeapGemm(k, n);
        direct.packTransposeOf(w);
        HeapGemm copied = new HeapGemm(k, n);
        copied.pack(w.transpose().dup('c'));
        float[] c1 = new float[3 * n];
        float[] c2 = new float[3 * n];
        direct.multiplyAdd(a.data().asFloat(), 0, 3, c1, 0, true);
        copied.multiplyAdd(a.data().asFloat(), 0, 3, c2, 0, true);
        org.junit.jupiter.api.Assertions.assertArrayEquals(c2, c1, "the same packed matrix, bit for bit");
        assertThrows(IllegalArgumentException.class, () -> direct.packTransposeOf(Nd4j.ones(DataType.FLOAT, k, n + 1)));
    }

    @ParameterizedTest
    @CsvSource({"64,256", "30,120"})
    void repackingFollowsNewWeights(int k, int n) {
        HeapGemm g = new HeapGemm(k, n);
        float[] a = new float[k];
        a[0] = 1f;                          // selects row 0 of b
        g.pack(Nd4j.ones(DataType.FLOAT, k, n));
        g.pack(Nd4j.ones(DataType.FLOAT, k, n).muli(2));
        float[] c = new float[n];
        g.multiplyAdd(a, 0, 1, c, 0, true);
        for (float v : c) {
            assertEquals(2f, v);
        }
        assertThrows(IllegalArgumentException.class, () -> g.pack(Nd4j.ones(DataType.FLOAT, k + 1, n)));
    }
}
