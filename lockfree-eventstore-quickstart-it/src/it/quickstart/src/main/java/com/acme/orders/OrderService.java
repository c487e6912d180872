package com.acme.orders;

import java.time.Duration;

import dev.lockfree.eventstore.EventStore;
import dev.lockfree.eventstore.WindowAggregate;

import org.springframework.stereotype.Service;

@Service
public class OrderService {

    private final EventStore<OrderEvent> orders;

    public OrderService(EventStore<OrderEvent> orders) {   // the store of application.yml, by type
        this.orders = orders;
    }

    public boolean place(OrderEvent order) {
        return orders.tryAppend(order);
    }

    public WindowAggregate lastMinute() {
        return orders.windowAggregate(Duration.ofMinutes(1));
    }

    EventStore<OrderEvent> store() {
        return orders;
    }
}
