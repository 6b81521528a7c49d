package io.sparksweep.report;

/**
 * A sweep still running, for the banner at the top of a report rewritten while trials arrive.
 *
 * @param reloadSeconds how often the page reloads itself; the final report does not
 */
public record RunStatus(int finished, int total, String eta, String writtenAt, int reloadSeconds) {}
