package dev.seqae.spark;

import dev.seqae.errors.InvalidInputException;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * What every job shares: the Spark session (the one {@code spark-submit} configured, or a local
 * one from {@code --master}), the exit codes (0 done, 2 bad usage or bad input with the message
 * on stderr, 1 internal error) and the unwrapping of an executor's bad-input error out of
 * Spark's task-failure wrapper, so that a NaN in row 3 million reads as such on the driver.
 */
abstract class SparkJob implements Callable<Integer> {
    /** Spark's setting for the number of tasks that list an input's paths. */
    static final String LISTING_TASKS = "spark.sql.sources.parallelPartitionDiscovery.parallelism";

    @Option(names = "--master", description = "Spark master when not started by spark-submit, e.g. local[2]")
    String master;

    @Option(names = "--partitions", description = "partitions the sequences are spread over (default: Spark's "
            + "spark.sql.shuffle.partitions, coalesced by adaptive execution; for a series per CSV file, as Spark "
            + "packs the files into tasks)")
    Integer partitions;

    /** The job's work, on a running session. */
    abstract int run(SparkSession spark) throws Exception;

    /** The job's name in messages and the application name. */
    abstract String name();

    @Override
    public final Integer call() throws Exception {
        boolean own = SparkSession.getActiveSession().isEmpty() && SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = own ? session() : SparkSession.active();
        if (!spark.conf().contains(LISTING_TASKS)) {
            // Spark lists more than 32 input paths (a glob of files counts each file) in a job of one
            // task per path, up to 10,000: 2,000 files made 2,000 tasks, a few milliseconds each, on
            // every read of the input; as many listing tasks as the cluster has cores keep the
            // listing parallel (object stores) without a task per file
            spark.conf().set(LISTING_TASKS, String.valueOf(Math.max(1, spark.sparkContext().defaultParallelism())));
        }
        try {
            return run(spark);
        } finally {
            if (own) {
                spark.stop();
            }
        }
    }

    private SparkSession session() {
        SparkConf conf = new SparkConf();
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            throw new InvalidInputException("no Spark master: run through spark-submit, or give --master (e.g. "
                    + "--master 'local[2]')");
        }
        conf.setIfMissing("spark.app.name", "seqae " + name());
        // one OpenMP thread per task: the executors' cores are Spark's tasks, not ND4J's threads
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        if (!zstdPresent()) {
            // Spark compresses its map-output statuses with zstd by default; a classpath without
            // zstd-jni (bin/seqae-spark's, the tests') uses lz4, which Spark always carries
            conf.setIfMissing("spark.shuffle.mapStatus.compression.codec", "lz4");
        }
        return SparkSession.builder().config(conf).getOrCreate();
    }

    private static boolean zstdPresent() {
        try {
            Class.forName("com.github.luben.zstd.Zstd", false, SparkJob.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Runs {@code job} with {@code args}; returns the exit code (tests call this, mains exit with it). */
    static int execute(SparkJob job, String... args) {
        CommandLine cmd = new CommandLine(job);
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            InvalidInputException bad = badInput(e);
            if (bad != null) {
                c.getErr().println("seqae-spark " + job.name() + ": error: " + bad.getMessage());
                return 2;
            }
            c.getErr().println("seqae-spark " + job.name() + ": internal error: " + e);
            if (System.getenv("SEQAE_DEBUG") != null) {
                e.printStackTrace(c.getErr());
            } else {
                c.getErr().println("(set SEQAE_DEBUG=1 for the stack trace)");
            }
            return 1;
        });
        cmd.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("seqae-spark " + job.name() + ": error: " + e.getMessage());
            e.getCommandLine().getErr().println("Try '--help' for the options.");
            return 2;
        });
        return cmd.execute(args);
    }

    /** A main: runs the job and exits with its code. */
    static void main(SparkJob job, String[] args) {
        System.exit(execute(job, args));
    }

    /** The bad-input error somewhere in the cause chain (a task failure carries the executor's exception). */
    static InvalidInputException badInput(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException bad) {
                return bad;
            }
        }
        return null;
    }
}
