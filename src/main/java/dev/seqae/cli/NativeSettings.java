package dev.seqae.cli;

/**
 * The JVM-side part of the performance settings (see docs/performance.md), applied before ND4J
 * loads so that {@code java -jar target/seqae.jar} is fast even without the launcher. OpenMP
 * threads can only be set by the environment ({@code OMP_NUM_THREADS=1}, which bin/seqae sets).
 */
final class NativeSettings {
    private NativeSettings() {
    }

    static void apply() {
        // JavaCPP otherwise reads /proc/self/statm on every allocation (~600k reads per epoch).
        System.setProperty("org.bytedeco.javacpp.maxphysicalbytes",
                System.getProperty("org.bytedeco.javacpp.maxphysicalbytes", "0"));
        System.setProperty("org.bytedeco.javacpp.maxbytes", System.getProperty("org.bytedeco.javacpp.maxbytes", "0"));
        if (System.getenv("OMP_NUM_THREADS") == null) {
            System.err.println("seqae: OMP_NUM_THREADS is not set; use bin/seqae (or export OMP_NUM_THREADS=1): "
                    + "several OpenMP threads make training up to 6x slower here");
        }
    }
}
