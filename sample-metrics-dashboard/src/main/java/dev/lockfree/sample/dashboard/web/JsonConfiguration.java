package dev.lockfree.sample.dashboard.web;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * The app's JSON rules, on the one {@code JsonMapper} that reads request bodies and writes responses.
 * <ul>
 * <li>A duplicate member name is malformed JSON (400): parsers disagree on which one wins (this one kept the
 * last), so two components reading the same body could act on different values.</li>
 * <li>A number the API answers is a JSON number or {@code null}, never the string {@code "Infinity"} or
 * {@code "NaN"} that a client reading a number cannot use. Inputs are finite, so only arithmetic overflows
 * (a sum of large values); the responses that carry sums also say {@code "overflow": true} so a {@code null}
 * there is not mistaken for "no data". This serializer is the safety net for any double a route forgets.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
public class JsonConfiguration {

    @Bean
    JsonMapperBuilderCustomizer strictAndFiniteJson() {
        SimpleModule finite = new SimpleModule("finite-numbers");
        finite.addSerializer(Double.class, new FiniteDoubleSerializer(Double.class));
        finite.addSerializer(Double.TYPE, new FiniteDoubleSerializer(Double.TYPE));
        finite.addSerializer(Float.class, new FiniteFloatSerializer(Float.class));
        finite.addSerializer(Float.TYPE, new FiniteFloatSerializer(Float.TYPE));
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).addModule(finite);
    }

    private static final class FiniteDoubleSerializer extends StdSerializer<Double> {

        @SuppressWarnings({"unchecked", "rawtypes"})
        FiniteDoubleSerializer(Class<?> type) {
            super((Class) type);
        }

        @Override
        public void serialize(Double value, JsonGenerator out, SerializationContext context) {
            if (Double.isFinite(value)) {
                out.writeNumber(value);
            } else {
                out.writeNull();
            }
        }
    }

    private static final class FiniteFloatSerializer extends StdSerializer<Float> {

        @SuppressWarnings({"unchecked", "rawtypes"})
        FiniteFloatSerializer(Class<?> type) {
            super((Class) type);
        }

        @Override
        public void serialize(Float value, JsonGenerator out, SerializationContext context) {
            if (Float.isFinite(value)) {
                out.writeNumber(value);
            } else {
                out.writeNull();
            }
        }
    }
}
