package ai.piapi.collector.ledger;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The one source of truth: every task_id the collector has seen and where it stands. */
public interface Ledger {

    /** Adds tasks (idempotent on task_id) in one transaction; dead-lettered ones come back open. */
    AdmitResult admit(Collection<String> taskIds, String source, Instant now, Instant deadline);

    /**
     * The same, but only tasks dead-lettered at or before {@code reopenDeadUntil} come back open (null: all); later
     * ones stay dead and count as duplicates. An inbox file read again after a crash passes the time of its first
     * read, so the tasks it admitted and that were dead-lettered in between are not reopened by the second read.
     */
    default AdmitResult admit(Collection<String> taskIds, String source, Instant now, Instant deadline,
                              Instant reopenDeadUntil) {
        return admit(taskIds, source, now, deadline);
    }

    /** Leases up to {@code limit} open tasks whose next poll is due, for {@code owner}, until {@code leaseUntil}. */
    List<ClaimedTask> claimDue(int limit, Instant now, String owner, Instant leaseUntil);

    /** Records one poll; only applies while the task is open and leased by {@code owner}. */
    boolean recordPoll(String taskId, String owner, PollRecord poll);

    /** Extends the lease {@code owner} holds on an open task (and its next poll with it); false when it holds none. */
    boolean extendLease(String taskId, String owner, Instant leaseUntil);

    /** Moves an open task to its final state, once; false when it was already settled. */
    default boolean settle(String taskId, TaskState state, String reason, String location, Instant now) {
        return settle(taskId, state, reason, location, now, List.of());
    }

    /** Like {@link #settle(String, TaskState, String, String, Instant)}; when the task moves, {@code events} enter the outbox in the same transaction. */
    default boolean settle(String taskId, TaskState state, String reason, String location, Instant now,
                           Collection<OutboxEvent> events) {
        return settle(taskId, state, reason, location, now, events, null);
    }

    /**
     * The same, also writing {@code lastPoll}'s count and what it saw (its schedule fields are not used): for a task
     * whose final poll was not recorded on its own (see {@code Poller}: on the embedded ledger a completed task goes
     * straight to storage).
     */
    boolean settle(String taskId, TaskState state, String reason, String location, Instant now,
                   Collection<OutboxEvent> events, PollRecord lastPoll);

    /** Puts events that settle no task (refused input) in the outbox. */
    void addEvents(Collection<OutboxEvent> events, Instant now);

    Optional<TaskRecord> find(String taskId);

    /**
     * Leases one open task that nobody holds (a pushed result about to settle it); empty when the task is not
     * open or another poll or delivery holds it. The lease keeps the poller off it until it is settled or released.
     */
    Optional<ClaimedTask> lease(String taskId, Instant now, String owner, Instant leaseUntil);

    /**
     * Admits one task (as {@link #admit}) and leases it for {@code owner} in the same transaction, so no poll can
     * claim it in between (a pushed result for a task nobody fed the collector); empty when it is not open after all.
     */
    Optional<ClaimedTask> admitLeased(String taskId, String source, Instant now, Instant deadline, String owner,
                                      Instant leaseUntil);

    /** Up to {@code limit} tasks in task_id order after {@code after} (null: from the start), in {@code state} (null: any). */
    List<TaskRecord> list(TaskState state, String after, int limit);

    /** Task counts per state. */
    Map<TaskState, Long> countByState();

    /** Whether any task is open: one index lookup, where {@link #countByState()} reads every row. */
    default boolean hasOpen() {
        return countByState().get(TaskState.OPEN) > 0;
    }

    /** False when the ledger can no longer write (its writer thread is gone): a restart is needed (liveness). */
    default boolean writerRunning() {
        return true;
    }

    /** Ends every lease (start-up of the single embedded instance: nobody else can hold one). */
    int releaseAllLeases();
}
