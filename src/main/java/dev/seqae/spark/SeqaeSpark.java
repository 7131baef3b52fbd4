package dev.seqae.spark;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The main class of {@code target/seqae-spark.jar}: {@code spark-submit --class dev.seqae.spark.SeqaeSpark
 * seqae-spark.jar JOB [options]}, JOB one of the jobs below (each also has its own main class).
 */
@Command(name = "seqae-spark", mixinStandardHelpOptions = true,
        description = "seqae's jobs on Apache Spark: score, encode and detect with a trained model; train one model "
                + "per entity; train one model data-parallel; bench measures them. 'JOB --help' for a job's options.",
        subcommands = {ScoreJob.class, EncodeJob.class, DetectJob.class, TrainManyJob.class, TrainJob.class,
            SparkBenchmark.class})
public final class SeqaeSpark implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing job: score, encode, detect, train-many "
                + "or train");
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a job by name; returns the exit code. */
    static int execute(String... args) {
        if (args.length > 0 && args[0].equals("bench")) {
            return new CommandLine(new SparkBenchmark()).execute(java.util.Arrays.copyOfRange(args, 1, args.length));
        }
        if (args.length > 0) {
            SparkJob job = switch (args[0]) {
                case "score" -> new ScoreJob();
                case "encode" -> new EncodeJob();
                case "detect" -> new DetectJob();
                case "train-many" -> new TrainManyJob();
                case "train" -> new TrainJob();
                default -> null;
            };
            if (job != null) {
                return SparkJob.execute(job, java.util.Arrays.copyOfRange(args, 1, args.length));
            }
        }
        CommandLine cmd = new CommandLine(new SeqaeSpark());
        cmd.setParameterExceptionHandler((e, a) -> {
            e.getCommandLine().getErr().println("seqae-spark: error: " + e.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(e, e.getCommandLine().getErr());
            e.getCommandLine().getErr().println("Try 'seqae-spark --help'.");
            return 2;
        });
        return cmd.execute(args);
    }
}
