package io.sparksweep.driver;

import io.sparksweep.plan.RaceScheduler;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.util.BadInputException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code racing.json}: every start and every report the race saw, in order, and the eliminations they
 * caused (for people; a replay recomputes them). The race's decisions depend only on that order, so a
 * restarted driver replays it and goes on where the killed one stopped.
 */
final class RaceLog {

    /**
     * One line of the log.
     *
     * @param event  start, report, eliminate or end
     * @param value  a report's value, higher better (a loss negated); null when the repeat diverged or failed
     * @param pValue an elimination's Holm-adjusted p-value; null when a diverged or failed repeat decided
     * @param leader the configuration an elimination compared with
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Event(
            String event, String config, Integer repeat, Double value, Integer repeats, Double pValue, String leader) {}

    private final List<Event> events;
    private boolean changed;

    private RaceLog(List<Event> events) {
        this.events = events;
    }

    static RaceLog read(SweepOutput output) {
        return new RaceLog(EventLogJson.parse(
                output.readRaceLog(), new TypeReference<List<Event>>() {}, output.root() + "/racing.json"));
    }

    void started(RaceScheduler.Start start) {
        events.add(new Event("start", start.configId(), start.repeat(), null, null, null, null));
        changed = true;
    }

    void reported(String config, int repeat, Double value, List<RaceScheduler.Elimination> eliminations) {
        events.add(new Event("report", config, repeat, value, null, null, null));
        for (RaceScheduler.Elimination e : eliminations) {
            events.add(new Event("eliminate", e.configId(), null, null, e.repeats(), e.pValue(), e.leader()));
        }
        changed = true;
    }

    /** The race is over: a rerun has nothing to do. */
    void ended() {
        if (!isComplete()) {
            events.add(new Event("end", null, null, null, null, null, null));
            changed = true;
        }
    }

    boolean isComplete() {
        return !events.isEmpty() && events.get(events.size() - 1).event().equals("end");
    }

    /**
     * Rebuilds the race's state; refuses a log this sweep's race would not have written (a start it
     * would not make, or an elimination it would not decide).
     */
    void replay(RaceScheduler scheduler, SweepOutput output) {
        List<RaceScheduler.Elimination> expected = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            switch (e.event()) {
                case "start" -> {
                    RaceScheduler.Start logged = new RaceScheduler.Start(e.config(), e.repeat());
                    RaceScheduler.Start start = scheduler.next().orElse(null);
                    if (!logged.equals(start)) {
                        throw refusal(output, i, "started " + logged + " but this sweep would start " + start);
                    }
                }
                case "report" -> expected = new ArrayList<>(scheduler.reported(e.config(), e.repeat(), e.value()));
                case "eliminate" -> {
                    if (expected.isEmpty() || !expected.remove(0).configId().equals(e.config())) {
                        throw refusal(output, i, "eliminated " + e.config() + ", which this sweep would not");
                    }
                }
                case "end" -> {}
                default -> throw refusal(output, i, "unknown event " + e.event());
            }
        }
    }

    private static BadInputException refusal(SweepOutput output, int index, String what) {
        return new BadInputException(
                output.root() + "/racing.json, event " + (index + 1) + ": " + what + "; rerun with --fresh");
    }

    int size() {
        return events.size();
    }

    /** Writes the log if it changed since the last write. */
    void flush(SweepOutput output) {
        if (!changed) {
            return;
        }
        output.writeRaceLog(EventLogJson.bytes(events));
        changed = false;
    }
}
