package dev.seqae.cli;

import dev.seqae.errors.InvalidInputException;
import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * The {@code seqae} command line. Exit codes: 0 ok, 2 bad usage or bad input (message on stderr),
 * 1 internal error.
 */
@Command(name = "seqae", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "LSTM sequence autoencoder: learn normal sequences, flag the ones it cannot reconstruct.",
        subcommands = {TrainCommand.class, ScoreCommand.class, DetectCommand.class, EncodeCommand.class,
            ReconstructCommand.class, EvaluateCommand.class, InfoCommand.class, BenchCommand.class, QuickstartCommand.class,
            ServeCommand.class, ProjectCommand.class, PlotCommand.class, ModelsCommand.class, DenoiseCommand.class, StreamCommand.class,
            CommandLine.HelpCommand.class})
public final class SeqaeCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command");
    }

    public static void main(String[] args) {
        NativeSettings.apply();
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code (used by tests). */
    public static int execute(String... args) {
        ApplicationContext ctx;
        try {
            ctx = ApplicationContext.builder(SeqaeCommand.class, Environment.CLI).start();
        } catch (RuntimeException e) {
            System.err.println("seqae: cannot start (configuration): " + e.getMessage());
            return 1;
        }
        try (ctx) {
            CommandLine cmd = new CommandLine(SeqaeCommand.class, new MicronautFactory(ctx));
            cmd.setExecutionExceptionHandler(SeqaeCommand::handle);
            cmd.setParameterExceptionHandler(SeqaeCommand::usageMistake);
            return cmd.execute(args);
        }
    }

    /**
     * A usage mistake (unknown option, missing or malformed value): the one-line error, picocli's
     * suggestion of a close option name if it has one, and where the options are — not the whole
     * usage text. Exit 2.
     */
    private static int usageMistake(CommandLine.ParameterException e, String[] args) {
        CommandLine c = e.getCommandLine();
        java.io.PrintWriter err = c.getErr();
        err.println("seqae: error: " + e.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(e, err);
        err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for its options.");
        err.flush();
        return 2;
    }

    private static int handle(Exception e, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (e instanceof InvalidInputException) {
            cmd.getErr().println("seqae: error: " + e.getMessage());
            return 2;
        }
        if (e instanceof RemoteStream.Unreachable) {
            cmd.getErr().println("seqae: error: " + e.getMessage());
            return 3;
        }
        cmd.getErr().println("seqae: internal error: " + e);
        if (System.getenv("SEQAE_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        } else {
            cmd.getErr().println("(set SEQAE_DEBUG=1 for the stack trace)");
        }
        return 1;
    }
}
