package dev.mephisto.chat.filter;

import java.util.List;
import java.util.Objects;

/** The parsed, type-checked tree of a filter predicate; evaluated against one event. */
sealed interface Expression {

    boolean test(Object event);

    /** A value: a field of the event or a literal. */
    sealed interface Operand {
        FieldType type();

        Object value(Object event);
    }

    record FieldRef(FeedSchema.Field field) implements Operand {
        @Override
        public FieldType type() {
            return field.type();
        }

        @Override
        public Object value(Object event) {
            return field.reader().apply(event);
        }
    }

    record Literal(FieldType type, Object constant) implements Operand {
        @Override
        public Object value(Object event) {
            return constant;
        }
    }

    record And(Expression left, Expression right) implements Expression {
        @Override
        public boolean test(Object event) {
            return left.test(event) && right.test(event);
        }
    }

    record Or(Expression left, Expression right) implements Expression {
        @Override
        public boolean test(Object event) {
            return left.test(event) || right.test(event);
        }
    }

    record Not(Expression inner) implements Expression {
        @Override
        public boolean test(Object event) {
            return !inner.test(event);
        }
    }

    /** {@code left op right}; a missing (null) value compares false, as SQL's unknown would filter. */
    record Comparison(Operand left, String op, Operand right) implements Expression {
        @Override
        public boolean test(Object event) {
            Object a = left.value(event);
            Object b = right.value(event);
            if (a == null || b == null) {
                return false;
            }
            int order = a instanceof Double x ? Double.compare(x, (Double) b) : ((String) a).compareTo((String) b);
            return switch (op) {
                case "=" -> order == 0;
                case "<>", "!=" -> order != 0;
                case "<" -> order < 0;
                case "<=" -> order <= 0;
                case ">" -> order > 0;
                case ">=" -> order >= 0;
                default -> throw new IllegalStateException("unknown operator " + op);
            };
        }
    }

    record In(Operand operand, List<Object> values, boolean negated) implements Expression {
        @Override
        public boolean test(Object event) {
            Object value = operand.value(event);
            if (value == null) {
                return false;
            }
            return values.stream().anyMatch(candidate -> Objects.equals(candidate, value)) != negated;
        }
    }

    record Like(Operand operand, LikePattern pattern, boolean negated) implements Expression {
        @Override
        public boolean test(Object event) {
            Object value = operand.value(event);
            if (value == null) {
                return false;
            }
            return pattern.matches((String) value) != negated;
        }
    }
}
