import { isAggregateId } from '@crm/slices/domain/aggregate-id';
import { kebabId } from './ids';

describe('kebabId', () => {
  it.each([
    ['Acme Corporation', 'acme-corporation'],
    ['Gekko & Co', 'gekko-co'],
    ['dambase', 'dambase'],
    ['Nam-zim', 'nam-zim'],
    ['  Société Générale  ', 'societe-generale'],
    ['The New York Inquirer', 'the-new-york-inquirer'],
    ['!!!', ''],
  ])('%p → %p', (name, id) => expect(kebabId(name)).toBe(id));

  it('gives ids that are valid aggregate ids', () => expect(isAggregateId(kebabId('Gekko & Co'))).toBe(true));
});
