package dev.seqae.registry;

import java.io.IOException;

/**
 * A model's folder in the registry that cannot be trusted (its active pointer does not name a
 * version): the operator has to repair or delete it. The message names the file (for logs and
 * the command line); {@link #model()} is what a caller over the network may be told.
 */
public class DamagedRegistryException extends IOException {
    private final String model;

    public DamagedRegistryException(String model, String message) {
        super(message);
        this.model = model;
    }

    /** The model whose folder is damaged. */
    public String model() {
        return model;
    }
}
