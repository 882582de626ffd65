/**
 * Scale-out in parts: a plan that splits the selected tables' key ranges into N parts of about equal size
 * ({@link io.rethinkmigrate.engine.plan.PartPlanner}, {@link io.rethinkmigrate.engine.plan.PartPlan}), the
 * ranges one part dumps, and the checks and steps that put the part archives back together (restore, verify).
 */
package io.rethinkmigrate.engine.plan;
