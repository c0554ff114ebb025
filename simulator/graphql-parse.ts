/**
 * Just enough of a GraphQL parser for the documents an Admin API client sends: one operation
 * (optionally named, with variable definitions and their defaults), fields with aliases and arguments, and inline
 * fragments (merged into their parent, since each position here has a single possible type, or
 * is a union whose members the simulator renders alike). A field selected again under the same
 * response key, as union members' fragments do, is one field, its selections merged.
 */

export type ValueNode =
  | { kind: 'variable'; name: string }
  | { kind: 'scalar'; value: string | number | boolean | null }
  | { kind: 'enum'; value: string }
  | { kind: 'list'; items: ValueNode[] }
  | { kind: 'object'; fields: Record<string, ValueNode> };

export interface FieldNode {
  /** The response key: the alias when there is one. */
  key: string;
  name: string;
  args: Record<string, ValueNode>;
  selections: FieldNode[] | null;
}

/** A declared variable: its type as written (`[WebhookSubscriptionTopic!]!`), and its default. */
export interface VariableDefinition {
  type: string;
  defaultValue?: ValueNode;
}

export interface OperationNode {
  type: 'query' | 'mutation';
  name: string | null;
  variables: Record<string, VariableDefinition>;
  selections: FieldNode[];
}

export class GraphqlSyntaxError extends Error {}

type Token = { kind: 'punct' | 'name' | 'string' | 'number'; text: string; value?: string };

const PUNCTUATION = new Set(['{', '}', '(', ')', '[', ']', ':', '!', '$', '=', '@', '|', '&']);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const char = source[i]!;
    if (char === '#') {
      while (i < source.length && source[i] !== '\n') i++;
    } else if (/[\s,\uFEFF]/.test(char)) {
      i++;
    } else if (source.startsWith('...', i)) {
      tokens.push({ kind: 'punct', text: '...' });
      i += 3;
    } else if (PUNCTUATION.has(char)) {
      tokens.push({ kind: 'punct', text: char });
      i++;
    } else if (source.startsWith('"""', i)) {
      const end = source.indexOf('"""', i + 3);
      if (end < 0) throw new GraphqlSyntaxError('unterminated block string');
      tokens.push({ kind: 'string', text: source.slice(i, end + 3), value: source.slice(i + 3, end).trim() });
      i = end + 3;
    } else if (char === '"') {
      const match = /^"(?:[^"\\\n]|\\.)*"/.exec(source.slice(i));
      if (!match) throw new GraphqlSyntaxError('unterminated string');
      tokens.push({ kind: 'string', text: match[0], value: JSON.parse(match[0]) as string });
      i += match[0].length;
    } else if (/[-\d]/.test(char)) {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(source.slice(i));
      if (!match) throw new GraphqlSyntaxError(`unexpected character "${char}"`);
      tokens.push({ kind: 'number', text: match[0] });
      i += match[0].length;
    } else if (/[_A-Za-z]/.test(char)) {
      const match = /^[_A-Za-z][_0-9A-Za-z]*/.exec(source.slice(i))!;
      tokens.push({ kind: 'name', text: match[0] });
      i += match[0].length;
    } else {
      throw new GraphqlSyntaxError(`unexpected character "${char}"`);
    }
  }
  return tokens;
}

class Parser {
  private position = 0;
  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private take(): Token {
    const token = this.tokens[this.position++];
    if (!token) throw new GraphqlSyntaxError('unexpected end of file');
    return token;
  }

  private is(text: string): boolean {
    const token = this.peek();
    return token !== undefined && token.kind === 'punct' && token.text === text;
  }

  private expect(text: string): void {
    const token = this.take();
    if (token.kind !== 'punct' || token.text !== text) throw new GraphqlSyntaxError(`expected "${text}", got "${token.text}"`);
  }

  private name(): string {
    const token = this.take();
    if (token.kind !== 'name') throw new GraphqlSyntaxError(`expected a name, got "${token.text}"`);
    return token.text;
  }

  document(): OperationNode {
    let type: OperationNode['type'] = 'query';
    let name: string | null = null;
    const variables: Record<string, VariableDefinition> = {};
    const first = this.peek();
    if (first?.kind === 'name') {
      if (first.text !== 'query' && first.text !== 'mutation') throw new GraphqlSyntaxError(`unsupported definition "${first.text}"`);
      type = first.text;
      this.take();
      if (this.peek()?.kind === 'name') name = this.take().text;
      if (this.is('(')) this.variableDefinitions(variables);
      this.skipDirectives();
    }
    const selections = this.selectionSet();
    if (this.peek()) throw new GraphqlSyntaxError(`unexpected "${this.peek()!.text}" after the operation`);
    return { type, name, variables, selections };
  }

  private variableDefinitions(into: Record<string, VariableDefinition>): void {
    this.expect('(');
    while (!this.is(')')) {
      this.expect('$');
      const name = this.name();
      this.expect(':');
      const type = this.typeReference();
      into[name] = { type };
      if (this.is('=')) {
        this.take();
        into[name].defaultValue = this.value();
      }
      this.skipDirectives();
    }
    this.take();
  }

  private typeReference(): string {
    let type: string;
    if (this.is('[')) {
      this.take();
      type = `[${this.typeReference()}]`;
      this.expect(']');
    } else {
      type = this.name();
    }
    if (this.is('!')) {
      this.take();
      type += '!';
    }
    return type;
  }

  private skipBalanced(open: string, close: string): void {
    let depth = 0;
    do {
      const token = this.take();
      if (token.kind === 'punct' && token.text === open) depth++;
      if (token.kind === 'punct' && token.text === close) depth--;
    } while (depth > 0);
  }

  private skipDirectives(): void {
    while (this.is('@')) {
      this.take();
      this.name();
      if (this.is('(')) this.skipBalanced('(', ')');
    }
  }

  selectionSet(): FieldNode[] {
    this.expect('{');
    const fields: FieldNode[] = [];
    while (!this.is('}')) {
      if (this.is('...')) {
        this.take();
        if (this.peek()?.text === 'on') {
          this.take();
          this.name();
        } else if (!this.is('{') && !this.is('@')) {
          throw new GraphqlSyntaxError('named fragments are not supported');
        }
        this.skipDirectives();
        fields.push(...this.selectionSet());
        continue;
      }
      fields.push(this.field());
    }
    this.expect('}');
    if (fields.length === 0) throw new GraphqlSyntaxError('empty selection set');
    return merged(fields);
  }

  private field(): FieldNode {
    let name = this.name();
    const key = name;
    if (this.is(':')) {
      this.take();
      name = this.name();
    }
    const args: Record<string, ValueNode> = {};
    if (this.is('(')) {
      this.take();
      while (!this.is(')')) {
        const argName = this.name();
        this.expect(':');
        args[argName] = this.value();
      }
      this.take();
    }
    this.skipDirectives();
    return { key, name, args, selections: this.is('{') ? this.selectionSet() : null };
  }

  private value(): ValueNode {
    const token = this.take();
    if (token.kind === 'punct' && token.text === '$') return { kind: 'variable', name: this.name() };
    if (token.kind === 'string') return { kind: 'scalar', value: token.value! };
    if (token.kind === 'number') return { kind: 'scalar', value: Number(token.text) };
    if (token.kind === 'name') {
      if (token.text === 'true' || token.text === 'false') return { kind: 'scalar', value: token.text === 'true' };
      if (token.text === 'null') return { kind: 'scalar', value: null };
      return { kind: 'enum', value: token.text };
    }
    if (token.text === '[') {
      const items: ValueNode[] = [];
      while (!this.is(']')) items.push(this.value());
      this.take();
      return { kind: 'list', items };
    }
    if (token.text === '{') {
      const fields: Record<string, ValueNode> = {};
      while (!this.is('}')) {
        const fieldName = this.name();
        this.expect(':');
        fields[fieldName] = this.value();
      }
      this.take();
      return { kind: 'object', fields };
    }
    throw new GraphqlSyntaxError(`unexpected "${token.text}"`);
  }
}

/** Fields under one response key as one field, their selections merged (GraphQL's field merging). */
function merged(fields: readonly FieldNode[]): FieldNode[] {
  const byKey = new Map<string, FieldNode>();
  for (const field of fields) {
    const seen = byKey.get(field.key);
    if (!seen) byKey.set(field.key, field);
    else if (seen.selections && field.selections) byKey.set(field.key, { ...seen, selections: merged([...seen.selections, ...field.selections]) });
  }
  return [...byKey.values()];
}

export function parseOperation(source: string): OperationNode {
  return new Parser(tokenize(source)).document();
}

/** A literal as GraphQL prints it in error messages (`NOT_A_TOPIC`, `null`, `{uri: "x"}`). */
export function printValue(node: ValueNode): string {
  switch (node.kind) {
    case 'variable':
      return `$${node.name}`;
    case 'scalar':
      return node.value === null ? 'null' : JSON.stringify(node.value);
    case 'enum':
      return node.value;
    case 'list':
      return `[${node.items.map(printValue).join(', ')}]`;
    case 'object':
      return `{${Object.entries(node.fields)
        .map(([name, value]) => `${name}: ${printValue(value)}`)
        .join(', ')}}`;
  }
}

/** An argument's value, with variables substituted. */
export function argumentValue(node: ValueNode | undefined, variables: Readonly<Record<string, unknown>>): unknown {
  if (!node) return undefined;
  switch (node.kind) {
    case 'variable':
      return variables[node.name];
    case 'scalar':
    case 'enum':
      return node.value;
    case 'list':
      return node.items.map((item) => argumentValue(item, variables));
    case 'object':
      return Object.fromEntries(Object.entries(node.fields).map(([name, value]) => [name, argumentValue(value, variables)]));
  }
}
