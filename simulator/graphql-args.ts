/**
 * Arguments checked against their declared types, before anything runs, with the errors Shopify's
 * GraphQL server (graphql-ruby) answers: unknown and missing arguments, literals of the wrong
 * type (`argumentLiteralsIncompatible`), input fields a type lacks (`argumentNotAccepted`),
 * variables declared with another type (`variableMismatch`) or given a value their type refuses
 * (`INVALID_VARIABLE`, naming the offending path). Messages are those recorded from live
 * Shopify (airhorns/shopify-draft-proxy @ 1fba7c18, fixtures/conformance/…/webhooks and
 * …/2025-01/online-store); only the fields whose signatures are given here are checked.
 */
import { argumentValue, type FieldNode, type OperationNode, printValue, type ValueNode } from './graphql-parse';

export type InputType =
  | { kind: 'scalar'; name: 'String' | 'Int' | 'Boolean' | 'ID' | 'URL' }
  | { kind: 'enum'; name: string; values: readonly string[] }
  | { kind: 'input'; name: string; fields: Readonly<Record<string, string>> };

/** Argument name → type reference as written in the schema (`WebhookSubscriptionTopic!`). */
export type Signature = Readonly<Record<string, string>>;

export interface GraphqlError {
  message: string;
  extensions: Record<string, unknown>;
}

const SCALARS: Readonly<Record<string, InputType>> = {
  String: { kind: 'scalar', name: 'String' },
  Int: { kind: 'scalar', name: 'Int' },
  Boolean: { kind: 'scalar', name: 'Boolean' },
  ID: { kind: 'scalar', name: 'ID' },
  URL: { kind: 'scalar', name: 'URL' },
};

interface TypeRef {
  nonNull: boolean;
  /** The element type of a list, or null for a named type. */
  of: TypeRef | null;
  name: string;
}

function parseRef(text: string): TypeRef {
  const nonNull = text.endsWith('!');
  const bare = nonNull ? text.slice(0, -1) : text;
  if (bare.startsWith('[')) {
    const of = parseRef(bare.slice(1, -1));
    return { nonNull, of, name: of.name };
  }
  return { nonNull, of: null, name: bare };
}

interface Problem {
  path: (string | number)[];
  explanation: string;
}

export class ArgumentChecker {
  private readonly types: Readonly<Record<string, InputType>>;

  constructor(types: readonly InputType[]) {
    this.types = { ...SCALARS, ...Object.fromEntries(types.map((type) => [type.name, type])) };
  }

  /** Every problem with the arguments of `field` given its signature, and with the variables they use. */
  check(field: FieldNode, signature: Signature, operation: OperationNode, variables: Readonly<Record<string, unknown>>): GraphqlError[] {
    const errors: GraphqlError[] = [];
    for (const name of Object.keys(field.args)) {
      if (!(name in signature)) {
        errors.push({
          message: `Field '${field.name}' doesn't accept argument '${name}'`,
          extensions: { code: 'argumentNotAccepted', name: field.name, typeName: 'Field', argumentName: name },
        });
      }
    }
    const missing = Object.entries(signature)
      .filter(([name, type]) => type.endsWith('!') && field.args[name] === undefined)
      .map(([name]) => name);
    if (missing.length > 0) {
      errors.push({
        message: `Field '${field.name}' is missing required arguments: ${missing.join(', ')}`,
        extensions: { code: 'missingRequiredArguments', className: 'Field', name: field.name, arguments: missing.join(', ') },
      });
    }
    for (const [name, node] of Object.entries(field.args)) {
      const type = signature[name];
      if (type) errors.push(...this.checkValue(node, type, { owner: 'Field', ownerName: field.name, argument: name }, operation, variables));
    }
    return errors;
  }

  private checkValue(
    node: ValueNode,
    type: string,
    at: { owner: 'Field' | 'InputObject'; ownerName: string; argument: string },
    operation: OperationNode,
    variables: Readonly<Record<string, unknown>>,
  ): GraphqlError[] {
    if (node.kind === 'variable') return this.checkVariable(node.name, type, at.argument, operation, variables);
    const invalid: GraphqlError = {
      message: `Argument '${at.argument}' on ${at.owner} '${at.ownerName}' has an invalid value (${printValue(node)}). Expected type '${type}'.`,
      extensions: { code: 'argumentLiteralsIncompatible', typeName: at.owner, argumentName: at.argument },
    };
    const ref = parseRef(type);
    if (node.kind === 'scalar' && node.value === null) return ref.nonNull ? [invalid] : [];
    if (ref.of) {
      const items = node.kind === 'list' ? node.items : [node];
      const itemType = type.replace(/^\[|\]!?$/g, '');
      return items.flatMap((item) =>
        item.kind === 'variable' ? this.checkValue(item, itemType, at, operation, variables) : this.literalFits(item, itemType) ? [] : [invalid],
      );
    }
    const named = this.types[ref.name];
    if (named?.kind === 'input' && node.kind === 'object') return this.checkObject(node, named, operation, variables);
    return this.literalFits(node, type) ? [] : [invalid];
  }

  private checkObject(
    node: Extract<ValueNode, { kind: 'object' }>,
    type: Extract<InputType, { kind: 'input' }>,
    operation: OperationNode,
    variables: Readonly<Record<string, unknown>>,
  ) {
    const errors: GraphqlError[] = [];
    for (const [name, value] of Object.entries(node.fields)) {
      const fieldType = type.fields[name];
      if (!fieldType) {
        errors.push({
          message: `InputObject '${type.name}' doesn't accept argument '${name}'`,
          extensions: { code: 'argumentNotAccepted', name: type.name, typeName: 'InputObject', argumentName: name },
        });
        continue;
      }
      errors.push(...this.checkValue(value, fieldType, { owner: 'InputObject', ownerName: type.name, argument: name }, operation, variables));
    }
    for (const [name, fieldType] of Object.entries(type.fields)) {
      if (fieldType.endsWith('!') && node.fields[name] === undefined) {
        errors.push({
          message: `Argument '${name}' on InputObject '${type.name}' is required. Expected type ${fieldType}`,
          extensions: { code: 'missingRequiredInputObjectAttribute', argumentName: name, argumentType: fieldType, inputObjectType: type.name },
        });
      }
    }
    return errors;
  }

  /** Whether a literal (no variables inside) is a value of `type`. */
  private literalFits(node: ValueNode, type: string): boolean {
    const ref = parseRef(type);
    if (node.kind === 'scalar' && node.value === null) return !ref.nonNull;
    if (node.kind === 'variable') return true;
    if (ref.of) {
      const itemType = type.replace(/^\[|\]!?$/g, '');
      return (node.kind === 'list' ? node.items : [node]).every((item) => this.literalFits(item, itemType));
    }
    const named = this.types[ref.name];
    if (!named) return true;
    if (named.kind === 'enum') return node.kind === 'enum' && named.values.includes(node.value);
    if (named.kind === 'input') return node.kind === 'object';
    if (node.kind !== 'scalar') return false;
    return this.scalarProblem(node.value, named.name) === null;
  }

  private scalarProblem(value: unknown, name: string): string | null {
    const fits =
      name === 'Int'
        ? Number.isInteger(value) && Math.abs(value as number) < 2 ** 31
        : name === 'Boolean'
          ? typeof value === 'boolean'
          : name === 'ID'
            ? typeof value === 'string' || Number.isInteger(value)
            : typeof value === 'string';
    return fits ? null : `Could not coerce value ${JSON.stringify(value)} to ${name}`;
  }

  private checkVariable(
    name: string,
    expected: string,
    argument: string,
    operation: OperationNode,
    variables: Readonly<Record<string, unknown>>,
  ): GraphqlError[] {
    const definition = operation.variables[name];
    if (!definition) {
      const user = operation.name ?? `anonymous ${operation.type}`;
      return [{ message: `Variable $${name} is used by ${user} but not declared`, extensions: { code: 'variableNotDefined', variableName: name } }];
    }
    const declared = definition.type;
    const compatible = declared === expected || declared === `${expected}!` || (definition.defaultValue !== undefined && `${declared}!` === expected);
    if (!compatible) {
      const kind = declared.replace(/!/g, '') === expected.replace(/!/g, '') ? 'Nullability' : 'Type';
      return [
        {
          message: `${kind} mismatch on variable $${name} and argument ${argument} (${declared} / ${expected})`,
          extensions: { code: 'variableMismatch', variableName: name, typeName: declared, argumentName: argument, errorMessage: `${kind} mismatch` },
        },
      ];
    }
    const value = name in variables ? variables[name] : definition.defaultValue ? argumentValue(definition.defaultValue, {}) : undefined;
    const problems = this.coerce(value, declared, []);
    if (problems.length === 0) return [];
    const detail = problems.length === 1 && problems[0]!.path.length > 0 ? ` for ${problems[0]!.path.join('.')} (${problems[0]!.explanation})` : '';
    return [
      {
        message: `Variable $${name} of type ${declared} was provided invalid value${detail}`,
        extensions: { code: 'INVALID_VARIABLE', value: value ?? null, problems },
      },
    ];
  }

  /** What keeps a variable's JSON value from being a value of `type`. */
  private coerce(value: unknown, type: string, path: (string | number)[]): Problem[] {
    const ref = parseRef(type);
    if (value === null || value === undefined) return ref.nonNull ? [{ path, explanation: 'Expected value to not be null' }] : [];
    if (ref.of) {
      const itemType = type.replace(/^\[|\]!?$/g, '');
      return Array.isArray(value) ? value.flatMap((item, index) => this.coerce(item, itemType, [...path, index])) : this.coerce(value, itemType, path);
    }
    const named = this.types[ref.name];
    if (!named) return [];
    if (named.kind === 'enum') {
      return typeof value === 'string' && named.values.includes(value)
        ? []
        : [{ path, explanation: `Expected ${JSON.stringify(value)} to be one of: ${named.values.join(', ')}` }];
    }
    if (named.kind === 'scalar') {
      const problem = this.scalarProblem(value, named.name);
      return problem ? [{ path, explanation: problem }] : [];
    }
    if (typeof value !== 'object' || Array.isArray(value)) return [{ path, explanation: `Expected ${JSON.stringify(value)} to be a key-value object.` }];
    const problems: Problem[] = [];
    const given = value as Record<string, unknown>;
    for (const key of Object.keys(given)) {
      if (!(key in named.fields)) problems.push({ path: [...path, key], explanation: `Field is not defined on ${named.name}` });
    }
    for (const [key, fieldType] of Object.entries(named.fields)) problems.push(...this.coerce(given[key], fieldType, [...path, key]));
    return problems;
  }
}
