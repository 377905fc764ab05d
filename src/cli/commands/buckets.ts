import { bucketRange } from '../../model/relativePositionBucket.ts';
import { emit, numberFlag, type Command } from '../command.ts';

export const bucketsCommand: Command = {
  name: 'buckets',
  summary: 'relative position → bucket table (spec §A.8)',
  usage: 't5lab buckets [--num-buckets 32] [--max-distance 128] [--bidirectional] [--from -20] [--to 20] [--json]',
  options: {
    'num-buckets': { type: 'string' },
    'max-distance': { type: 'string' },
    bidirectional: { type: 'boolean' },
    from: { type: 'string' },
    to: { type: 'string' },
    json: { type: 'boolean' },
  },
  run(values, io) {
    const numBuckets = numberFlag(values, 'num-buckets', { integer: true, fallback: 32 });
    const maxDistance = numberFlag(values, 'max-distance', { integer: true, fallback: 128 });
    const from = numberFlag(values, 'from', { integer: true, fallback: -20 });
    const to = numberFlag(values, 'to', { integer: true, fallback: 20 });
    // The bucket rules (model/relativePositionBucket.ts) name the flags; a ValidationError exits 2.
    const table = bucketRange(
      from,
      to,
      { bidirectional: Boolean(values.bidirectional), numBuckets, maxDistance },
      { numBuckets: '--num-buckets', maxDistance: '--max-distance', from: '--from', to: '--to' },
    );
    emit(io, Boolean(values.json), table, () =>
      ['relative\tbucket', ...table.relative.map((r, i) => `${r}\t${table.bucket[i]}`)].join('\n'),
    );
    return 0;
  },
};
