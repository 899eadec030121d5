package ai.piapi.collector.task;

/**
 * A stage's answer for one task: {@link CompletedTask} (capture and store), {@link DeadLetter} (write the record),
 * {@link #RESCHEDULED} (the task waits for its next poll) or {@link #LEASE_LOST} (another instance took it over).
 * Routes branch on {@link #kind()}, never on a class name.
 */
public sealed interface Verdict permits CompletedTask, DeadLetter, Verdict.Rescheduled, Verdict.LeaseLost {
    String COMPLETED = "completed";
    String DEAD_LETTER = "dead-letter";
    String RESCHEDULED_KIND = "rescheduled";
    String LEASE_LOST_KIND = "lease-lost";

    /** The task simply waits for its next poll. */
    Verdict RESCHEDULED = new Rescheduled();
    /** This instance's lease ran out and another instance took the task over: it is that one's to settle. */
    Verdict LEASE_LOST = new LeaseLost();

    /** {@code completed}, {@code dead-letter}, {@code rescheduled} or {@code lease-lost}: what the routes branch on. */
    String kind();

    /** True when the verdict settles the task here (it goes on to storage or the dead letters). */
    default boolean settles() {
        return this instanceof CompletedTask || this instanceof DeadLetter;
    }

    record Rescheduled() implements Verdict {
        @Override
        public String kind() {
            return RESCHEDULED_KIND;
        }
    }

    record LeaseLost() implements Verdict {
        @Override
        public String kind() {
            return LEASE_LOST_KIND;
        }
    }
}
