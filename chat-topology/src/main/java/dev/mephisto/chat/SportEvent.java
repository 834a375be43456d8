package dev.mephisto.chat;

/**
 * A sport event on {@code feed-sport-events}. Filter fields: {@code sport_event_id}, {@code timetag},
 * {@code sport} (1-7), {@code match_title}, {@code data_event}.
 *
 * @param sportEventId the event's id
 * @param timetag when it happened, epoch milliseconds
 * @param sport 1 to 7
 * @param matchTitle the match
 * @param dataEvent what happened
 */
public record SportEvent(long sportEventId, long timetag, int sport, String matchTitle, String dataEvent) {
}
