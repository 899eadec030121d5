package ai.piapi.collector.wiring;

import ai.piapi.collector.task.HeldVerdicts;
import ai.piapi.collector.domain.Outage;
import ai.piapi.collector.domain.Redactor;
import ai.piapi.collector.schedule.PollPace;
import ai.piapi.collector.ops.Tally;
import ai.piapi.collector.task.TaskEnded;
import ai.piapi.collector.ledger.Ledger;
import ai.piapi.collector.poll.AuthGate;
import ai.piapi.collector.poll.RunTimeLearner;
import ai.piapi.collector.settings.CollectorSettings;
import com.fasterxml.jackson.databind.ObjectMapper;
import javax.sql.DataSource;

/**
 * The pieces every stage's configuration shares, made once by {@code CollectorConfiguration} and handed to the
 * others (never looked up by name).
 *
 * @param instanceId      this process's name in leases and claims: every stage leases under this one name
 * @param ledgerData      the ledger's connection pool, for the stores that keep their own tables in it
 * @param ended           hears of every task seen final (the poll planner learns run times from it)
 * @param redactor        every configured secret (API key, webhook secret, HTTP token), masked wherever text quotes it
 */
public record Shared(CollectorSettings settings, java.time.Clock clock, ObjectMapper mapper, String instanceId,
                     Ledger ledger, DataSource ledgerData, Tally tally, AuthGate authGate, HeldVerdicts held,
                     RunTimeLearner learner, TaskEnded ended, Outage deadLetterOutage, PollPace pace,
                     Redactor redactor) {
}
