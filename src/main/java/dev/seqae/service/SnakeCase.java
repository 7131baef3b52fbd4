package dev.seqae.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * The API's one naming convention, snake_case, for JSON that does not pass through the service's
 * own records: a model file's manifest (written by the core in its file format, camelCase) is
 * answered with every field name in snake_case ({@code trainingSequences} → {@code
 * training_sequences}); values are untouched.
 */
final class SnakeCase {
    private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

    private SnakeCase() {
    }

    /** A copy of {@code node} with every object field name in snake_case. */
    static JsonNode of(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isObject()) {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.set(SNAKE.translate(e.getKey()), of(e.getValue()));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JsonNodeFactory.instance.arrayNode();
            node.forEach(n -> out.add(of(n)));
            return out;
        }
        return node;
    }
}
