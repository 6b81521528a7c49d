package io.sparksweep.driver;

import io.sparksweep.util.BadInputException;

import com.fasterxml.jackson.core.type.TypeReference;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decision logs' JSON: a missing log is empty, a stored one reads back, a corrupt one is one line. */
class EventLogJsonTest {

    record Event(String event, String config, Integer repeat) {}

    private static final TypeReference<List<Event>> EVENTS = new TypeReference<>() {};

    @Test
    void noLogYetIsAnEmptyListThatCanGrow() {
        List<Event> events = EventLogJson.parse(null, EVENTS, "out/racing.json");
        events.add(new Event("start", "a", 0));
        assertEquals(1, events.size());
    }

    @Test
    void aWrittenLogReadsBackInOrder() {
        List<Event> written = List.of(new Event("start", "a", 0), new Event("report", "a", 0));
        assertEquals(written, EventLogJson.parse(EventLogJson.bytes(written), EVENTS, "out/racing.json"));
    }

    @Test
    void aCorruptLogIsRefusedInOneLineNamingItAndTheWayOut() {
        byte[] torn = "[{\"event\": \"start\", \"con".getBytes(StandardCharsets.UTF_8);
        BadInputException e = assertThrows(
                BadInputException.class, () -> EventLogJson.parse(torn, EVENTS, "out/early_stopping.json"));
        assertTrue(e.getMessage().startsWith("out/early_stopping.json is unreadable ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("rerun with --fresh to start the sweep again"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
