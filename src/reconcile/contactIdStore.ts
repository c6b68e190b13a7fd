// Remembers every contact_id seen, exactly, and gives each a dense slot number so that the ledger can
// keep what the standing row of that ID contributed (and take it back when a later row supersedes it).

export interface ContactIdStore {
  /** The slot of this ID, adding it when new. A new ID gets slot === size before the call. */
  slotOf(id: string): number;
  readonly size: number;
}

export function createContactIdStore(): ContactIdStore {
  const slots = new Map<string, number>();
  return {
    slotOf(id) {
      let slot = slots.get(id);
      if (slot === undefined) {
        slot = slots.size;
        slots.set(id, slot);
      }
      return slot;
    },
    get size() {
      return slots.size;
    },
  };
}
