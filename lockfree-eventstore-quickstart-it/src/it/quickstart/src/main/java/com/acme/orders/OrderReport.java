package com.acme.orders;

import java.time.Instant;

import dev.lockfree.eventstore.EventStore;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Service;

@Service
public class OrderReport {

    private final EventStore<OrderEvent> orders;

    // by name: needed once two stores hold the same event type
    public OrderReport(@Qualifier("orders") EventStore<OrderEvent> orders) {
        this.orders = orders;
    }

    public long bigOrders(Instant from, Instant to) {
        return orders.count(order -> order.amount() > 100, from, to);
    }

    EventStore<OrderEvent> store() {
        return orders;
    }
}
