package io.sparksweep.driver;

import io.sparksweep.util.BadInputException;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The JSON of the driver's decision logs ({@code early_stopping.json}, {@code racing.json}): a list of
 * events in the order they happened, pretty-printed so a person can follow a sweep's decisions.
 */
final class EventLogJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private EventLogJson() {}

    /**
     * The events of a stored log, or an empty list before the first was written.
     *
     * @param where the log's path, for the one-line refusal of an unreadable file
     */
    static <E> List<E> parse(byte[] bytes, TypeReference<List<E>> type, String where) {
        if (bytes == null) {
            return new ArrayList<>();
        }
        try {
            return new ArrayList<>(JSON.readValue(bytes, type));
        } catch (IOException e) {
            throw new BadInputException(where + " is unreadable ("
                    + e.getMessage().lines().findFirst().orElse("") + "); rerun with --fresh to start the sweep again");
        }
    }

    static byte[] bytes(List<?> events) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(events);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
