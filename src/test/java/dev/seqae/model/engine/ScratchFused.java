package dev.seqae.model.engine;

import dev.seqae.data.*;
import java.util.*;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

public class ScratchFused {
    static INDArray reorder(INDArray w, int h) { // i,f,o,g -> i,f,g,o
        return Nd4j.hstack(Views.block(w,0,w.size(0),0,h), Views.block(w,0,w.size(0),h,h), Views.block(w,0,w.size(0),3*h,h), Views.block(w,0,w.size(0),2*h,h)).dup('c');
    }
    static INDArray lstm(INDArray x3, INDArray wx, INDArray wr, INDArray b, int T, int B, int H) {
        INDArray full = Nd4j.create(x3.dataType(), T, B, H), lastH = Nd4j.create(x3.dataType(), B, H), lastC = Nd4j.create(x3.dataType(), B, H);
        DynamicCustomOp op = DynamicCustomOp.builder("lstmLayer").addInputs(x3, wx, wr, b).addOutputs(full, lastH, lastC)
            .addIntegerArguments(0, 0, 2, 0, 0).addFloatingPointArguments(0.0)
            .addBooleanArguments(true, false, false, false, false, true, true, true).build();
        Nd4j.exec(op);
        return full;
    }
    public static void main(String[] a) {
        int T=64,B=Integer.parseInt(a[0]),F=4,H=64,Z=16;
        var net = new AutoencoderNetwork(new AutoencoderNetwork.Shape(F,new int[]{H},Z,new int[]{H},false), DataType.FLOAT);
        net.initialize(1);
        var batch = SequenceTensors.batch(SyntheticGenerator.normal(B, T, F, 1),F,false,false,DataType.FLOAT);
        var k = net.buffers(T,B,false);
        net.forward(batch, k, null);
        INDArray p = net.params();
        // layout: enc Wx[F,4H], Wr[H,4H], b[1,4H], latent W[H,Z], b[Z], dec Wx[Z,4H], Wr, b, out W[H,F], b[F]
        long o=0; INDArray[] v = new INDArray[10]; long[][] shapes={{F,4*H},{H,4*H},{1,4*H},{H,Z},{1,Z},{Z,4*H},{H,4*H},{1,4*H},{H,F},{1,F}};
        for (int i=0;i<10;i++){ long n=shapes[i][0]*shapes[i][1]; v[i]=Nd4j.create(p.data(), shapes[i], new long[]{shapes[i][1],1}, o, 'c', DataType.FLOAT); o+=n; }
        INDArray ewx=reorder(v[0],H), ewr=reorder(v[1],H), eb=reorder(v[2],H).reshape(4*H);
        INDArray dwx=reorder(v[5],H), dwr=reorder(v[6],H), db=reorder(v[7],H).reshape(4*H);
        Runnable run = () -> {
            INDArray hEnc = lstm(batch.input().reshape(T,B,F), ewx, ewr, eb, T, B, H).reshape(T*B, H);
            INDArray hLast = Views.rows(hEnc, (T-1)*B, B);
            INDArray z = hLast.mmul(v[3]).addiRowVector(v[4]);
            INDArray zr = Nd4j.create(DataType.FLOAT, T, B*Z); zr.addiRowVector(z.reshape(1, B*Z));
            INDArray hDec = lstm(zr.reshape(T,B,Z), dwx, dwr, db, T, B, H).reshape(T*B, H);
            INDArray y = hDec.mmul(v[8]).addiRowVector(v[9]);
            RES[0] = y;
        };
        run.run();
        System.out.println("max |fused - mine| = " + Transforms.abs(RES[0].sub(k.output())).maxNumber());
        for (int i=0;i<20;i++) run.run();
        int N=100; long t0=System.nanoTime(); for (int i=0;i<N;i++) run.run(); long t1=System.nanoTime();
        for (int i=0;i<N;i++) net.forward(batch, k, null); long t2=System.nanoTime();
        System.out.printf("B=%d fused %.0f seq/s, mine %.0f seq/s%n", B, B*N/((t1-t0)/1e9), B*N/((t2-t1)/1e9));
    }
    static final INDArray[] RES = new INDArray[1];
    static class Transforms { static INDArray abs(INDArray x){ return org.nd4j.linalg.ops.transforms.Transforms.abs(x, true);} }
}
