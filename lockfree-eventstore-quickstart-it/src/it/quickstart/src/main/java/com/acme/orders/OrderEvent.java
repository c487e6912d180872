package com.acme.orders;

import java.time.Instant;

public record OrderEvent(String customerId, double amount, Instant createdAt) {
}
