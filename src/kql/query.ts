// Owns the shape of one emitted query and how it is put together: a builder returns a plan (its body and what it
// reads), and assemble() prepends everything the body needs, so that each query runs on its own.

import type { Catalog } from '../catalog/types.js';
import { kqlCatalogStatement, kqlCategoriesStatement, kqlCodesStatement } from '../catalog/render.js';
import type { SignInType } from '../model.js';
import { signInsStatement, windowStatements, type SignInColumn, type SignInSource } from './signins.js';
import { kqlComment } from './text.js';

/** One finished query: complete, with no blank line inside. */
export interface KqlQuery {
  /** Stable name: the file name with --output-dir (`codes` → `codes.kql`). */
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

/** What a builder returns. */
export interface QueryPlan {
  readonly id: string;
  readonly title: string;
  /** What the result is, one comment line each. */
  readonly about: readonly string[];
  /** The SignInRows columns the body reads. */
  readonly columns: readonly SignInColumn[];
  /** The sign-in types the body is about, of those chosen (all when absent); no query when none of them was chosen. */
  readonly types?: readonly SignInType[];
  /** The body needs the whole catalog (AadstsCatalog) or the categories (AadstsCategories) besides the codes. */
  readonly catalog?: boolean;
  readonly categories?: boolean;
  /** Statements and the final tabular expression, after `let SignInRows`. */
  readonly body: readonly string[];
}

export interface QueryContext {
  readonly catalog: Catalog;
  readonly source: SignInSource;
  /** Shown in each query's first lines: the tool, the tables the query reads and the window. */
  readonly banner: (tables: readonly SignInType[]) => readonly string[];
}

/** The sign-in types a plan reads: those chosen that it is about. */
export function typesOf(plan: QueryPlan, context: QueryContext): readonly SignInType[] {
  const { tables } = context.source;
  return plan.types === undefined ? tables : tables.filter((type) => plan.types!.includes(type));
}

export function assemble(plan: QueryPlan, context: QueryContext): KqlQuery {
  const entries = context.catalog.entries();
  const tables = typesOf(plan, context);
  const lines = [
    kqlComment(plan.title),
    ...plan.about.map(kqlComment),
    ...context.banner(tables).map(kqlComment),
    ...windowStatements(context.source.window),
    kqlCodesStatement(entries),
    ...(plan.catalog === true ? [kqlCatalogStatement(entries)] : []),
    ...(plan.categories === true ? [kqlCategoriesStatement(context.catalog.categories())] : []),
    signInsStatement({ ...context.source, tables }, new Set(plan.columns)),
    ...plan.body,
  ];
  return { id: plan.id, title: plan.title, text: lines.join('\n') };
}
