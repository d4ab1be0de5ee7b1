// Test helper: Microsoft's own KQL parser and binder (@kusto/language-service-next), with the four sign-in tables
// declared as Microsoft's table reference gives them (the columns the emitted queries may read, with their real
// types: SigninLogs keeps Status and LocationDetails as dynamic, the other tables as JSON text, and the service
// principal tables have no CreatedDateTime, user, app name, client app or Status columns at all).

import { createRequire } from 'node:module';

const SIGN_IN_USER_COLUMNS = [
  'TimeGenerated:datetime',
  'CreatedDateTime:datetime',
  'Id:string',
  'ResultType:string',
  'ResultSignature:string',
  'ResultDescription:string',
  'Identity:string',
  'UserPrincipalName:string',
  'UserDisplayName:string',
  'UserId:string',
  'AppDisplayName:string',
  'AppId:string',
  'IPAddress:string',
  'Location:string',
  'ClientAppUsed:string',
  'HomeTenantId:string',
];

const SERVICE_PRINCIPAL_COLUMNS = [
  'TimeGenerated:datetime',
  'Id:string',
  'ResultType:string',
  'ResultSignature:string',
  'ResultDescription:string',
  'Identity:string',
  'ServicePrincipalName:string',
  'ServicePrincipalId:string',
  'AppId:string',
  'IPAddress:string',
  'Location:string',
  'LocationDetails:string',
];

/** Table → `(Column:type, ...)`, from learn.microsoft.com/azure/azure-monitor/reference/tables/<table>. */
export const SIGN_IN_TABLE_SCHEMAS: Readonly<Record<string, readonly string[]>> = {
  SigninLogs: [...SIGN_IN_USER_COLUMNS, 'ServicePrincipalName:string', 'Status:dynamic', 'LocationDetails:dynamic', 'DeviceDetail:dynamic'],
  AADNonInteractiveUserSignInLogs: [...SIGN_IN_USER_COLUMNS, 'ServicePrincipalId:string', 'Status:string', 'LocationDetails:string', 'DeviceDetail:string'],
  AADServicePrincipalSignInLogs: SERVICE_PRINCIPAL_COLUMNS,
  AADManagedIdentitySignInLogs: SERVICE_PRINCIPAL_COLUMNS,
};

export interface KustoDiagnostic {
  readonly severity: string;
  readonly message: string;
  /** The text the diagnostic points at, for reading a failure. */
  readonly at: string;
}

interface KustoLanguage {
  Symbols: {
    TableSymbol: { $ctor7: new (name: string, schema: string, description: null) => unknown };
    DatabaseSymbol: { ctor: new (name: string, tables: unknown[]) => unknown };
  };
  GlobalState: { Default: { WithDatabase(database: unknown): unknown } };
  KustoCode: {
    ParseAndAnalyze(
      text: string,
      globals: unknown,
    ): {
      GetDiagnostics(): { Count: number; getItem(index: number): { Severity: string; Message: string; Start: number; Length: number } };
    };
  };
}

let language: { kusto: KustoLanguage; globals: unknown } | undefined;

function load(): { kusto: KustoLanguage; globals: unknown } {
  if (language !== undefined) return language;
  // The package is a Bridge.NET build: bridge.js defines the runtime globals it then loads into.
  const require = createRequire(import.meta.url);
  require('@kusto/language-service-next/bridge.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.js');
  const kusto = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
  const tables = Object.entries(SIGN_IN_TABLE_SCHEMAS).map(([name, columns]) => new kusto.Symbols.TableSymbol.$ctor7(name, `(${columns.join(', ')})`, null));
  const database = new kusto.Symbols.DatabaseSymbol.ctor('workspace', tables);
  language = { kusto, globals: kusto.GlobalState.Default.WithDatabase(database) };
  return language;
}

/** Every diagnostic the parser and binder report for one query against the four tables. */
function kustoDiagnostics(query: string): KustoDiagnostic[] {
  const { kusto, globals } = load();
  const diagnostics = kusto.KustoCode.ParseAndAnalyze(query, globals).GetDiagnostics();
  const found: KustoDiagnostic[] = [];
  for (let i = 0; i < diagnostics.Count; i++) {
    const item = diagnostics.getItem(i);
    found.push({ severity: item.Severity, message: item.Message, at: query.slice(Math.max(0, item.Start - 40), item.Start + Math.max(item.Length, 1) + 40) });
  }
  return found;
}

/** The errors only. */
export function kustoErrors(query: string): KustoDiagnostic[] {
  return kustoDiagnostics(query).filter((diagnostic) => diagnostic.severity === 'Error');
}
