import { describe, expect, it } from 'vitest';
import { NoRoomError, roomFor } from './opfs-sink';

const estimate = (quota?: number, usage?: number) => () =>
  Promise.resolve<StorageEstimate>({
    ...(quota === undefined ? {} : { quota }),
    ...(usage === undefined ? {} : { usage }),
  });

describe('roomFor', () => {
  it('lets the export start when the quota has room for the zip', async () => {
    await expect(roomFor(1_500_000_000, estimate(10e9, 8e9))).resolves.toBeUndefined();
  });

  it('says what happened, what was kept and what to do when there is not room', async () => {
    const refused = roomFor(1_600_000_000, estimate(10e9, 9.1e9));
    await expect(refused).rejects.toBeInstanceOf(NoRoomError);
    await expect(refused).rejects.toThrow(
      'There is not room on this device for the zip: it needs about 1.6 GB and Textkeep can use only 900 MB more. Nothing was exported and nothing was changed: every message is still stored. Free some space on this device and try again',
    );
  });

  it('does not refuse when the browser does not say its quota', async () => {
    await expect(roomFor(1e12, estimate())).resolves.toBeUndefined();
  });
});
