package io.sparksweep.driver;

import io.sparksweep.plan.RaceScheduler;
import io.sparksweep.plan.RungScheduler;
import io.sparksweep.space.ParameterKey;
import io.sparksweep.store.SweepOutput;
import io.sparksweep.util.BadInputException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.type.TypeReference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * {@code early_stopping.json}: every start and every report the rung scheduler saw, in order. The
 * scheduler's decisions depend only on that order, so a restarted driver replays it and continues
 * where the killed one stopped; a person reads it to see why a configuration was stopped.
 *
 * <p>With racing it also holds the race's extra repeats ({@code race-start}, {@code race-report}) and,
 * for people, each elimination ({@code eliminate}: the repeats it had finished, the Holm-adjusted
 * p-value, the leader); one log keeps the order between the rungs, the race and tpe's proposals.
 */
final class RungLog {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Event(
            String event,
            String config,
            Integer from,
            Integer to,
            List<Integer> repeats,
            Integer repeat,
            Integer epoch,
            Double value,
            Integer index,
            Integer seen,
            Map<String, Object> point,
            Integer finished,
            Double pValue,
            String leader) {

        Event(
                String event,
                String config,
                Integer from,
                Integer to,
                List<Integer> repeats,
                Integer repeat,
                Integer epoch,
                Double value,
                Integer index,
                Integer seen,
                Map<String, Object> point) {
            this(event, config, from, to, repeats, repeat, epoch, value, index, seen, point, null, null, null);
        }

        /** An event of the race: a start, a report or an elimination. */
        static Event race(String event, String config, Integer repeat, Double value) {
            return new Event(event, config, null, null, null, repeat, null, value, null, null, null);
        }
    }

    private final List<Event> events;
    private boolean changed;

    private RungLog(List<Event> events) {
        this.events = events;
    }

    static RungLog read(SweepOutput output) {
        return new RungLog(EventLogJson.parse(
                output.readEarlyStoppingLog(),
                new TypeReference<List<Event>>() {},
                output.root() + "/early_stopping.json"));
    }

    void started(RungScheduler.Job job) {
        events.add(new Event(
                "start",
                job.configId(),
                job.fromEpoch(),
                job.toEpoch(),
                job.repeats(),
                null,
                null,
                null,
                null,
                null,
                null));
        changed = true;
    }

    void reported(String config, int repeat, int epoch, Double value) {
        events.add(new Event("report", config, null, null, null, repeat, epoch, value, null, null, null));
        changed = true;
    }

    /** Racing: an extra repeat started (every configuration's first min repeats are rung jobs). */
    void raceStarted(RaceScheduler.Start start) {
        events.add(Event.race("race-start", start.configId(), start.repeat(), null));
        changed = true;
    }

    /** Racing: an extra repeat ended, and what it eliminated (for people: a replay recomputes them). */
    void raceReported(String config, int repeat, Double value) {
        events.add(Event.race("race-report", config, repeat, value));
        changed = true;
    }

    /** Racing: an elimination, written after the report or the join that caused it. */
    void eliminated(List<RaceScheduler.Elimination> eliminations) {
        for (RaceScheduler.Elimination e : eliminations) {
            events.add(new Event(
                    "eliminate",
                    e.configId(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    e.repeats(),
                    e.pValue(),
                    e.leader()));
            changed = true;
        }
    }

    /** tpe: proposal {@code index} of the sweep, made after {@code seen} configurations had finished. */
    void proposed(String config, int index, int seen, Map<ParameterKey, Object> point) {
        Map<String, Object> p = new TreeMap<>();
        point.forEach((h, v) -> p.put(h.key(), v));
        events.add(new Event("propose", config, null, null, null, null, null, null, index, seen, p));
        changed = true;
    }

    /** The scheduler had nothing left: a rerun has nothing to do. */
    void ended() {
        if (!isComplete()) {
            events.add(new Event("end", null, null, null, null, null, null, null, null, null, null));
            changed = true;
        }
    }

    boolean isComplete() {
        return !events.isEmpty() && events.get(events.size() - 1).event().equals("end");
    }

    /**
     * Rebuilds the scheduler's state; refuses a log this sweep's scheduler would not have written.
     *
     * @param report a rung report (the caller passes it to the scheduler, and with racing to the race)
     * @param race   a race event with its index in the log (racing)
     */
    void replay(
            RungScheduler scheduler,
            SweepOutput output,
            Consumer<Event> proposal,
            Runnable end,
            Consumer<Event> report,
            BiConsumer<Integer, Event> race) {
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.event().equals("end")) {
                end.run();
                continue;
            }
            if (e.event().equals("propose")) {
                proposal.accept(e);
            } else if (e.event().equals("start")) {
                RungScheduler.Job expected = new RungScheduler.Job(e.config(), e.from(), e.to(), e.repeats());
                RungScheduler.Job job = scheduler.next().orElse(null);
                if (!expected.equals(job)) {
                    throw new BadInputException(output.root() + "/early_stopping.json, event " + (i + 1) + ": started "
                            + expected + " but this sweep would start " + job + "; rerun with --fresh");
                }
            } else if (e.event().equals("report")) {
                report.accept(e);
            } else {
                race.accept(i, e);
            }
        }
    }

    /** tpe: how many proposals the log held at each of its ends (a sweep given more samples goes on after one). */
    List<Integer> proposalsAtEnds() {
        List<Integer> ends = new ArrayList<>();
        int proposals = 0;
        for (Event e : events) {
            if (e.event().equals("propose")) {
                proposals++;
            } else if (e.event().equals("end")) {
                ends.add(proposals);
            }
        }
        return ends;
    }

    /** The configurations the log started at epoch 0, in the order it started them. */
    List<String> firstStarts() {
        return events.stream()
                .filter(e -> e.event().equals("start") && e.from() == 0)
                .map(Event::config)
                .toList();
    }

    int size() {
        return events.size();
    }

    /** Writes the log if it changed since the last write. */
    void flush(SweepOutput output) {
        if (!changed) {
            return;
        }
        output.writeEarlyStoppingLog(EventLogJson.bytes(events));
        changed = false;
    }
}
