package dev.seqae.registry;

import dev.seqae.model.SeqAutoencoderModel;
import java.nio.file.Path;
import java.util.Map;

/**
 * The victim of {@link VersionStoreKillTest}: changes a registry without pause — adds versions,
 * promotes them, rolls back every third round, applies retention — until it is killed. Prints
 * "ready" once it starts changing things.
 */
public final class RegistryChurn {
    private RegistryChurn() {
    }

    public static void main(String[] args) throws Exception {
        VersionStore store = new VersionStore(Path.of(args[0]));
        SeqAutoencoderModel model = VersionStoreTest.tiny(Long.parseLong(args[1]));
        // a child killed between an add and its retain leaves one version too many; retaining first keeps the
        // registry bounded however many children in a row die that early (as they do on a loaded machine)
        for (String name : store.names()) {
            store.retain(name, 4);
        }
        System.out.println("ready");
        System.out.flush();
        for (int round = 0; ; round++) {
            String name = round % 2 == 0 ? "a" : "b";
            int v = store.add(name, model, "churn", Map.of("round", round));
            store.promote(name, v, "round " + round);
            if (round % 3 == 2) {
                try {
                    store.rollback(name);
                } catch (dev.seqae.errors.InvalidInputException e) {
                    // nothing to roll back to yet
                }
            }
            store.retain(name, 4);
        }
    }
}
