import { contentJson } from 'chanfana';
import type { Context } from 'hono';
import { newMapping } from '../../../files/mapped-orders/mapping';
import { declareMapping } from '../../../uploads/mappings';
import type { AppEnv } from '../../app-env';
import { Problem } from '../../problem';
import { ApiRoute, problemResponses } from '../api-route';
import { mappingBody, presentMapping } from './schemas';

export class CreateMapping extends ApiRoute {
  protected readonly scope = 'upload' as const;
  override schema = {
    tags: ['Uploads'],
    summary: 'Declare a column mapping for order-line files from another channel',
    description:
      'A mapping is immutable: to change one, declare a new mapping under a new name, so that every job keeps referring to exactly the mapping it was loaded with. Declaring the same definition again under its name answers the stored mapping (200).',
    request: { body: { ...contentJson(newMapping), required: true } },
    responses: {
      '201': { description: 'Declared', ...contentJson(mappingBody) },
      '200': { description: 'This definition is already declared under this name: that mapping', ...contentJson(mappingBody) },
      '409': { description: 'The name is taken by a different definition' },
      ...problemResponses,
    },
  };

  override async handle(c: Context<AppEnv>) {
    const { db, shop } = this.caller(c);
    const { body } = await this.getValidatedData<typeof this.schema>();
    const { outcome, mapping } = await declareMapping(db, shop, body);
    if (outcome === 'conflict') {
      throw new Problem(
        409,
        `the mapping "${mapping.name}" (${mapping.id}) has another definition: mappings are immutable, declare the new one under a new name`,
      );
    }
    if (outcome === 'unchanged') return c.json(presentMapping(mapping), 200);
    return c.json(presentMapping(mapping), 201, { location: `/v1/mappings/${mapping.id}` });
  }
}
