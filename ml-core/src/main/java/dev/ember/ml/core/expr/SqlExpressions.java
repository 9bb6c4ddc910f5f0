package dev.ember.ml.core.expr;

import dev.ember.ml.core.InvalidArgumentException;
import dev.ember.ml.core.data.DataType;
import dev.ember.ml.core.data.Schema;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Parses SQL expression strings with JSqlParser and translates them into Ember's typed {@link Expr} tree, typed
 * against a schema as it is built (see {@link Typer} for the rules).
 *
 * <p>Supported: column names (bare, {@code `quoted`} or {@code "quoted"}), integer, decimal, string, boolean and
 * {@code NULL} literals, {@code + - * / %}, unary minus, {@code = <> != < <= > >=}, {@code AND OR NOT},
 * {@code IS [NOT] NULL}, {@code [NOT] IN (literals)}, {@code [NOT] BETWEEN}, {@code CASE} (searched and simple),
 * {@code CAST(x AS type)} and the functions abs, sqrt, exp, ln, log (one or two arguments), log10, pow/power,
 * floor, ceil/ceiling, round, least, greatest, coalesce and nullif.
 */
public final class SqlExpressions {
    private SqlExpressions() {
    }

    /**
     * @param sql an expression
     * @param schema the columns it may read
     * @return the typed tree
     * @throws IllegalArgumentException if the text does not parse, names an unknown column, mixes types or uses
     *     what is not supported; the message holds the expression and what was expected
     */
    public static Expr parse(String sql, Schema schema) {
        Objects.requireNonNull(sql, "sql");
        Typer typer = new Typer(sql, schema);
        Expression parsed;
        try {
            parsed = CCJSqlParserUtil.parseExpression(sql, false);
        } catch (JSQLParserException | RuntimeException e) {
            String why = e.getMessage() == null ? e.toString() : e.getMessage().split("\n")[0];
            throw typer.error("does not parse (" + why + ")", "a SQL expression");
        }
        Expr root = new Translator(typer).translate(parsed);
        return root == Typer.UNTYPED_NULL ? new Expr.Lit(null, DataType.DOUBLE) : root;
    }

    /**
     * Parses a predicate.
     *
     * @param sql a boolean expression
     * @param schema the columns it may read
     * @return the typed tree, of type boolean
     * @throws IllegalArgumentException as {@link #parse}, or if the expression is not boolean
     */
    public static Expr parsePredicate(String sql, Schema schema) {
        Expr e = parse(sql, schema);
        if (e.type() != DataType.BOOLEAN) {
            throw new Typer(sql, schema).error("a " + e.type().jsonName() + " value", "a boolean condition");
        }
        return e;
    }

    private record Translator(Typer typer) {

        Expr translate(Expression e) {
            if (e instanceof Column c) {
                return typer.col(unquote(c.getColumnName()));
            }
            if (e instanceof LongValue v) {
                return new Expr.Lit(v.getValue(), DataType.LONG);
            }
            if (e instanceof DoubleValue v) {
                return new Expr.Lit(v.getValue(), DataType.DOUBLE);
            }
            if (e instanceof StringValue v) {
                return new Expr.Lit(v.getValue(), DataType.STRING);
            }
            if (e instanceof BooleanValue v) {
                return new Expr.Lit(v.getValue(), DataType.BOOLEAN);
            }
            if (e instanceof NullValue) {
                return Typer.UNTYPED_NULL;
            }
            if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
                return translate(p.get(0));
            }
            if (e instanceof SignedExpression s) {
                Expr inner = translate(s.getExpression());
                return switch (s.getSign()) {
                    case '-' -> inner instanceof Expr.Lit l && l.value() instanceof Long v
                        ? new Expr.Lit(-v, DataType.LONG)
                        : inner instanceof Expr.Lit l && l.value() instanceof Double v
                        ? new Expr.Lit(-v, DataType.DOUBLE) : typer.call(Op.NEG, List.of(inner));
                    case '+' -> typer.call(Op.ADD, List.of(inner, new Expr.Lit(0L, DataType.LONG)));
                    default -> throw unsupported(e);
                };
            }
            if (e instanceof NotExpression n) {
                return typer.call(Op.NOT, List.of(translate(n.getExpression())));
            }
            if (e instanceof IsNullExpression n) {
                return typer.call(n.isNot() ? Op.IS_NOT_NULL : Op.IS_NULL, List.of(translate(n.getLeftExpression())));
            }
            if (e instanceof InExpression in) {
                return in(in);
            }
            if (e instanceof Between b) {
                Expr x = translate(b.getLeftExpression());
                Expr between = typer.call(Op.AND, List.of(
                    typer.call(Op.GE, List.of(x, translate(b.getBetweenExpressionStart()))),
                    typer.call(Op.LE, List.of(x, translate(b.getBetweenExpressionEnd())))));
                return b.isNot() ? typer.call(Op.NOT, List.of(between)) : between;
            }
            if (e instanceof CaseExpression c) {
                return caseWhen(c);
            }
            if (e instanceof CastExpression c) {
                return typer.cast(translate(c.getLeftExpression()), c.getColDataType().getDataType());
            }
            if (e instanceof Function f) {
                return function(f);
            }
            if (e instanceof BinaryExpression b) {
                Op op = binaryOp(b);
                return typer.call(op, List.of(translate(b.getLeftExpression()), translate(b.getRightExpression())));
            }
            throw unsupported(e);
        }

        private Op binaryOp(BinaryExpression b) {
            if (b instanceof Addition) {
                return Op.ADD;
            } else if (b instanceof Subtraction) {
                return Op.SUB;
            } else if (b instanceof Multiplication) {
                return Op.MUL;
            } else if (b instanceof Division) {
                return Op.DIV;
            } else if (b instanceof Modulo) {
                return Op.MOD;
            } else if (b instanceof EqualsTo) {
                return Op.EQ;
            } else if (b instanceof NotEqualsTo) {
                return Op.NE;
            } else if (b instanceof MinorThan) {
                return Op.LT;
            } else if (b instanceof MinorThanEquals) {
                return Op.LE;
            } else if (b instanceof GreaterThan) {
                return Op.GT;
            } else if (b instanceof GreaterThanEquals) {
                return Op.GE;
            } else if (b instanceof AndExpression) {
                return Op.AND;
            } else if (b instanceof OrExpression) {
                return Op.OR;
            }
            throw unsupported(b);
        }

        private Expr in(InExpression in) {
            List<Expr> args = new ArrayList<>();
            args.add(translate(in.getLeftExpression()));
            if (in.getRightExpression() instanceof ExpressionList<?> list) {
                for (Expression item : list) {
                    args.add(translate(item));
                }
            } else {
                args.add(translate(in.getRightExpression()));
            }
            Expr e = typer.call(Op.IN, args);
            return in.isNot() ? typer.call(Op.NOT, List.of(e)) : e;
        }

        private Expr caseWhen(CaseExpression c) {
            List<Expr> args = new ArrayList<>();
            Expr subject = c.getSwitchExpression() == null ? null : translate(c.getSwitchExpression());
            for (WhenClause w : c.getWhenClauses()) {
                Expr when = translate(w.getWhenExpression());
                args.add(subject == null ? when : typer.call(Op.EQ, List.of(subject, when)));
                args.add(translate(w.getThenExpression()));
            }
            args.add(c.getElseExpression() == null ? Typer.UNTYPED_NULL : translate(c.getElseExpression()));
            return typer.call(Op.CASE, args);
        }

        private Expr function(Function f) {
            String name = f.getName().toLowerCase(Locale.ROOT);
            List<Expr> args = new ArrayList<>();
            if (f.getParameters() != null) {
                for (Expression p : f.getParameters()) {
                    args.add(translate(p));
                }
            }
            Op op = switch (name) {
                case "abs" -> Op.ABS;
                case "sqrt" -> Op.SQRT;
                case "exp" -> Op.EXP;
                case "ln" -> Op.LN;
                case "log" -> args.size() == 1 ? Op.LN : Op.LOG;
                case "log10" -> Op.LOG10;
                case "pow", "power" -> Op.POW;
                case "floor" -> Op.FLOOR;
                case "ceil", "ceiling" -> Op.CEIL;
                case "round" -> Op.ROUND;
                case "least" -> Op.LEAST;
                case "greatest" -> Op.GREATEST;
                case "coalesce" -> Op.COALESCE;
                case "nullif" -> Op.NULLIF;
                default -> throw typer.error("unknown function '" + f.getName() + "'", "one of abs, sqrt, exp,"
                    + " ln, log, log10, pow, power, floor, ceil, ceiling, round, least, greatest, coalesce, nullif");
            };
            return typer.call(op, args);
        }

        private InvalidArgumentException unsupported(Expression e) {
            return typer.error("unsupported construct '" + e + "' (" + e.getClass().getSimpleName() + ")",
                "columns, literals, arithmetic, comparisons, AND/OR/NOT, IS NULL, IN, BETWEEN, CASE, CAST or a"
                    + " supported function");
        }

        private static String unquote(String name) {
            if (name.length() >= 2 && (name.startsWith("`") && name.endsWith("`")
                || name.startsWith("\"") && name.endsWith("\""))) {
                return name.substring(1, name.length() - 1);
            }
            return name;
        }
    }
}
