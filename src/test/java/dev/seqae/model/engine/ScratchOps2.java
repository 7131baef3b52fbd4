package dev.seqae.model.engine;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

public class ScratchOps2 {
    interface R { void run(); }
    static void time(String n, R r) {
        for (int i=0;i<20;i++) r.run();
        long t0=System.nanoTime(); int N=200;
        for (int i=0;i<N;i++) r.run();
        System.out.printf("%-50s %8.1f us%n", n, (System.nanoTime()-t0)/1e3/N);
    }
    public static void main(String[] a) {
        INDArray act = Nd4j.rand(DataType.FLOAT, 4096, 256), p = Nd4j.rand(DataType.FLOAT, 4096, 256);
        INDArray full1 = Nd4j.rand(DataType.FLOAT, 4096, 64), full2 = Nd4j.rand(DataType.FLOAT, 4096, 64), full3 = Nd4j.create(DataType.FLOAT, 4096, 64);
        INDArray s = Views.block(act, 0, 4096, 0, 192), ps = Views.block(p, 0, 4096, 0, 192);
        INDArray gi = Views.block(act, 0, 4096, 0, 64), pg = Views.block(p, 0, 4096, 192, 64);
        time("mul strided [4096,192]", () -> s.muli(s, ps));
        time("mul strided [4096,64] by strided", () -> pg.muli(gi));
        time("mul strided [4096,64] by contiguous", () -> pg.muli(full1));
        time("mul contiguous [4096,64]", () -> full1.muli(full2, full3));
        time("mul contiguous [4096,256]", () -> act.muli(p, p));
        time("rsubi contiguous [4096,64]", () -> full3.rsubi(1.0));
        time("rsubi strided [4096,64]", () -> pg.rsubi(1.0));
        INDArray[] rowsP = new INDArray[64], rowsS = new INDArray[64];
        for (int t=0;t<64;t++){ rowsP[t]=Views.block(p, t*64, 64, 0, 192); rowsS[t]=Views.block(act, t*64, 64, 0, 192);}
        time("64x mul strided [64,192]", () -> { for (int t=0;t<64;t++) rowsS[t].muli(rowsS[t], rowsP[t]); });
        INDArray ones = Nd4j.ones(DataType.FLOAT, 1, 4096), gb = Nd4j.create(DataType.FLOAT, 1, 256);
        time("bias gemm ones[1,4096]x[4096,256]", () -> Nd4j.gemm(ones, p, gb, false, false, 1.0, 0.0));
        time("sum(0) [4096,256]", () -> p.sum(0));
        INDArray h = Nd4j.rand(DataType.FLOAT, 4032, 64), dA = Views.rows(p, 64, 4032), dWr = Nd4j.create(DataType.FLOAT, 64, 256);
        time("dWr gemm h^T[64,4032] x dA[4032,256]", () -> Nd4j.gemm(h, dA, dWr, true, false, 1.0, 0.0));
    }
}
