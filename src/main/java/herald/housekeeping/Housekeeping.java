package herald.housekeeping;

import herald.access.Tickets;
import herald.log.control.Retention;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.inject.Inject;
import java.util.OptionalInt;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Runs the clean-up every {@code herald.housekeeping.interval-minutes} on the shared managed scheduler. */
@Singleton
@Startup
@DependsOn("Schema")
@TransactionManagement(TransactionManagementType.BEAN) // each purge step commits on its own
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class.getName());

    @Resource
    ManagedScheduledExecutorService scheduler;

    @Inject
    Tickets tickets;

    @Inject
    Retention retention;

    @Inject
    @ConfigProperty(name = "herald.retention.days")
    OptionalInt retentionDays;

    @Inject
    @ConfigProperty(name = "herald.housekeeping.interval-minutes", defaultValue = "10")
    long intervalMinutes;

    private ScheduledFuture<?> task;

    @PostConstruct
    void schedule() {
        retentionDays.ifPresent(days -> {
            if (days < 1) {
                throw new IllegalStateException("herald.retention.days must be at least 1 (or unset to keep events forever)");
            }
            LOG.info(() -> "Events older than " + days + " days will be purged");
        });
        task = scheduler.scheduleWithFixedDelay(this::run, 1, intervalMinutes * 60, TimeUnit.SECONDS);
    }

    /** One round of clean-up; public for operators' tooling and tests. */
    public void run() {
        try {
            tickets.purgeExpired();
            if (retentionDays.isPresent()) {
                long purged = retention.purge(retentionDays.getAsInt());
                if (purged > 0) {
                    LOG.info(() -> "Retention purged " + purged + " events");
                }
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "housekeeping failed; it will be retried", e);
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
