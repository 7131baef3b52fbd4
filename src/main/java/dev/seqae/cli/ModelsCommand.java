package dev.seqae.cli;

import dev.seqae.errors.InvalidInputException;
import dev.seqae.model.ModelFile;
import dev.seqae.registry.VersionStore;
import dev.seqae.retraining.RetrainingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code seqae models}: the model registry from the command line (what {@code /api/v1/models/...
 * /versions}, {@code /promote} and {@code /rollback} do over HTTP) — on the folder the service
 * serves; a running service sees the change at its next start.
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "The model registry: list | versions NAME | runs NAME (retraining) | add NAME FILE | promote NAME V | rollback NAME | "
                + "retain NAME N. Works on --models-dir (default: models).")
final class ModelsCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "list, versions, runs, add, promote, rollback or retain")
    String action;

    @Parameters(index = "1..*", arity = "0..2", description = "NAME, then FILE, V or N")
    List<String> args = List.of();

    @Option(names = "--models-dir", description = "the registry folder (default ${DEFAULT-VALUE})",
            defaultValue = "models")
    Path dir;

    @Override
    public Integer call() throws Exception {
        VersionStore store = new VersionStore(dir);
        switch (action.toLowerCase(Locale.ROOT)) {
            case "list" -> {
                for (String name : store.names()) {
                    var active = store.active(name);
                    System.out.printf("%-24s active %s, %d version(s)%n", name,
                            active.map(v -> "v" + v).orElse("none"), store.versions(name).size());
                }
            }
            case "versions" -> {
                String name = arg(0, "NAME");
                if (store.versions(name).isEmpty()) {
                    throw new InvalidInputException("no model '" + name + "' in " + dir);
                }
                System.out.println("version,status,created_at,trigger,reason");
                for (VersionStore.Version v : store.versions(name)) {
                    System.out.printf("%d,%s,%s,%s,%s%n", v.version(), v.status().name().toLowerCase(Locale.ROOT),
                            v.createdAt(), csv(v.trigger()), csv(v.reason()));
                }
            }
            case "add" -> {
                String name = arg(0, "NAME");
                Path file = Path.of(arg(1, "FILE"));
                if (!Files.isRegularFile(file)) {
                    throw new InvalidInputException(file + ": model file not found");
                }
                int v = store.add(checked(name), ModelFile.load(file), "cli: " + file.getFileName(), java.util.Map.of());
                System.out.println("added " + name + " v" + v + " (a candidate; promote it to serve it)");
            }
            case "promote" -> {
                String name = arg(0, "NAME");
                int v = number(arg(1, "V"));
                store.load(name, store.version(name, v).version());          // it must load
                store.promote(name, v, "cli");
                System.out.println(name + ": v" + v + " is active");
            }
            case "rollback" -> {
                String name = arg(0, "NAME");
                System.out.println(name + ": v" + store.rollback(name) + " is active again");
            }
            case "runs" -> {
                String name = arg(0, "NAME");
                if (store.versions(name).isEmpty()) {
                    throw new InvalidInputException("no model '" + name + "' in " + dir);
                }
                System.out.println("started_at,trigger,outcome,champion,challenger,champion_error,challenger_error,"
                        + "champion_f1,challenger_f1,seconds,reason");
                for (String line : store.runLines(name)) {
                    RetrainingRun.fromJson(line).ifPresent(r -> System.out.printf(Locale.ROOT,
                            "%s,%s,%s,%s,%s,%s,%s,%s,%s,%.1f,%s%n", r.startedAt(), r.trigger(),
                            r.outcome().name().toLowerCase(Locale.ROOT), v(r.championVersion()),
                            v(r.challengerVersion()), r.champion() == null ? "" : fig(r.champion().heldOutError()),
                            r.challenger() == null ? "" : fig(r.challenger().heldOutError()),
                            r.champion() == null ? "" : fig(r.champion().f1()),
                            r.challenger() == null ? "" : fig(r.challenger().f1()), r.seconds(), csv(r.reason())));
                }
            }
            case "retain" -> {
                String name = arg(0, "NAME");
                System.out.println(name + ": deleted " + store.retain(name, number(arg(1, "N"))));
            }
            default -> throw new InvalidInputException("models: '" + action + "' is not one of list, versions, runs, add, "
                    + "promote, rollback, retain");
        }
        return 0;
    }

    private String arg(int i, String what) {
        if (args.size() <= i) {
            throw new InvalidInputException("models " + action + ": missing " + what);
        }
        return args.get(i);
    }

    private static String checked(String name) {
        return VersionStore.checkName(name);
    }

    private static int number(String s) {
        try {
            return Integer.parseInt(s.startsWith("v") ? s.substring(1) : s);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("'" + s + "' is not a number");
        }
    }

    private static String v(Integer version) {
        return version == null ? "" : "v" + version;
    }

    private static String fig(Double d) {
        return d == null ? "" : String.format(Locale.ROOT, "%.4g", d);
    }

    private static String csv(String s) {
        return s == null ? "" : s.contains(",") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
