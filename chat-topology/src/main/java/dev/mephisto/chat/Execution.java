package dev.mephisto.chat;

/**
 * A market execution on {@code feed-executions}. Filter fields: {@code execution_id}, {@code timetag},
 * {@code symbol}, {@code market}, {@code price}, {@code quantity}, {@code execution_epoch}
 * ({@code executionEpoch}), {@code state_symbol} ({@code stateSymbol}).
 *
 * @param executionId the execution's id
 * @param timetag when it was published, epoch milliseconds
 * @param symbol such as {@code DAYTONA:*}
 * @param market such as {@code NASCAR}
 * @param price the price
 * @param quantity the quantity
 * @param executionEpoch when it executed, epoch seconds
 * @param stateSymbol such as {@code NV}
 */
public record Execution(long executionId, long timetag, String symbol, String market, double price, long quantity,
        long executionEpoch, String stateSymbol) {
}
