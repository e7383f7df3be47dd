package io.hone.core.chat;

import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.objects.date.DateTimeProvider;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;

/** The globals transformers adds to every chat template: {@code raise_exception} and {@code strftime_now}. */
public final class TemplateFunctions {
    private TemplateFunctions() {}

    /** Thrown by {@code raise_exception(msg)}; {@link ChatTemplate#render} turns it into a {@code HoneException}. */
    static final class Raised extends RuntimeException {
        Raised(String message) {
            super(message, null, false, false);
        }
    }

    public static Object raiseException(Object message) {
        throw new Raised(PyRepr.str(message));
    }

    /** Local wall-clock time of the render's clock, formatted with Python strftime codes. */
    public static String strftimeNow(String format) {
        JinjavaConfig config = JinjavaInterpreter.getCurrent().getConfig();
        Instant now = config.getDateTimeProvider() instanceof ClockTime time
                ? time.clock().instant() // keeps the microseconds %f prints
                : Instant.ofEpochMilli(config.getDateTimeProvider().getCurrentTimeMillis());
        return PyStrftime.format(LocalDateTime.ofInstant(now, config.getTimeZone()), format);
    }

    /** Jinjava's time source, backed by a {@link Clock}. */
    record ClockTime(Clock clock) implements DateTimeProvider {
        @Override
        public long getCurrentTimeMillis() {
            return clock.millis();
        }
    }
}
