package herald.health;

import herald.broker.Broker;
import herald.sessions.Connections;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the broker answers; reports what it is carrying. */
@Liveness
@ApplicationScoped
public class BrokerLiveness implements HealthCheck {

    @Inject
    Broker broker;

    @Inject
    Connections connections;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("broker")
                .up()
                .withData("subscriptions", broker.subscriptions())
                .withData("connections", connections.count())
                .build();
    }
}
