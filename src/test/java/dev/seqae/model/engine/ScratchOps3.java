package dev.seqae.model.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.*;
import org.nd4j.linalg.factory.Nd4j;

public class ScratchOps3 {
    interface R { void run(); }
    static void time(String n, R r) {
        for (int i=0;i<2000;i++) r.run();
        long t0=System.nanoTime(); int N=20000;
        for (int i=0;i<N;i++) r.run();
        System.out.printf("%-50s %8.2f us%n", n, (System.nanoTime()-t0)/1e3/N);
    }
    public static void main(String[] a) {
        int B = Integer.parseInt(a[0]);
        INDArray big = Nd4j.rand(DataType.FLOAT, 64*B, 64);
        INDArray rowsv = Views.rows(big, B, B);
        INDArray h = Nd4j.rand(DataType.FLOAT, B, 64), w = Nd4j.rand(DataType.FLOAT, 64, 64), w4 = Nd4j.rand(DataType.FLOAT, 64, 256);
        INDArray wblk = Views.block(w4, 0, 64, 64, 64);
        INDArray c = Nd4j.rand(DataType.FLOAT, B, 64), d = Nd4j.rand(DataType.FLOAT, B, 64), e = Nd4j.create(DataType.FLOAT, B, 64);
        time("gemm [B,64]x[64,64] into row view", () -> Nd4j.gemm(h, w, rowsv, false, false, 1.0, 1.0));
        time("gemm [B,64]x[64,64]^T into row view", () -> Nd4j.gemm(h, w, rowsv, false, true, 1.0, 1.0));
        time("gemm [B,64]x strided block[64,64]", () -> Nd4j.gemm(h, wblk, rowsv, false, false, 1.0, 1.0));
        time("gemm [B,64]x[64,256]", () -> Nd4j.gemm(h, w4, Nd4j.create(DataType.FLOAT, B, 256), false, false, 1.0, 0.0));
        time("sigmoid contiguous [B,64]", () -> Nd4j.exec(new Sigmoid(c, c)));
        time("tanh contiguous [B,64] -> e", () -> Nd4j.exec(new Tanh(c, e)));
        time("mul contiguous [B,64]", () -> c.muli(d, e));
        time("add contiguous [B,64]", () -> e.addi(d));
        // check strided gemm operand correctness
        INDArray r1 = Nd4j.create(DataType.FLOAT, B, 64); Nd4j.gemm(h, wblk, r1, false, false, 1.0, 0.0);
        INDArray r2 = h.mmul(wblk.dup());
        System.out.println("strided operand max diff " + r1.sub(r2).amaxNumber());
    }
}
