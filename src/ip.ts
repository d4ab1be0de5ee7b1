// Owns reading IP address texts: the one form an address is counted under, and the network it belongs to.

/**
 * An address in the one form it is counted under, whichever export wrote it: spaces around it dropped, an IPv6
 * address as RFC 5952 writes it (lower case, no leading zeros, the longest run of zero groups as `::`), an
 * IPv4-mapped IPv6 address (`::ffff:198.51.100.7`) as its IPv4 address, and an IPv4 address without leading
 * zeros. Text that is not an address, or has a zone index, is kept as it is, without the spaces.
 */
export function canonicalIp(text: string): string {
  const address = text.trim();
  const v4 = parseIpv4(address);
  if (v4 !== null) return dotted(v4);
  if (address.includes('%')) return address;
  const v6 = parseIpv6(address);
  if (v6 === null) return address;
  if (v6.slice(0, 5).every((group) => group === 0) && v6[5] === 0xffff) return dotted(v6[6]! * 65536 + v6[7]!);
  return compressIpv6(v6);
}

function dotted(value: number): string {
  return [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
}

/**
 * The network an address belongs to, as CIDR text: the first `v4Bits` of an IPv4 address, the first `v6Bits`
 * of an IPv6 one. Text that is not an address is its own network.
 */
export function networkOf(address: string, v4Bits: number, v6Bits: number): string {
  const v4 = parseIpv4(address);
  if (v4 !== null) {
    const mask = v4Bits === 0 ? 0 : (0xffffffff << (32 - v4Bits)) >>> 0;
    const base = (v4 & mask) >>> 0;
    return `${dotted(base)}/${v4Bits}`;
  }
  const v6 = parseIpv6(address);
  if (v6 === null) return address;
  const groups = v6.map((group, i) => {
    const bits = Math.max(0, Math.min(16, v6Bits - i * 16));
    return bits === 0 ? 0 : group & ((0xffff << (16 - bits)) & 0xffff);
  });
  return `${compressIpv6(groups)}/${v6Bits}`;
}

function parseIpv4(text: string): number | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return null;
    value = value * 256 + Number(part);
  }
  return value;
}

function parseIpv6(text: string): number[] | null {
  // A zone index (`%eth0`) ends the address. What /%.*$/ cut, found without it (it tries every `%` to the end:
  // the square of the length of a text full of them): a line break after the first `%` leaves that `%` in.
  const zone = text.indexOf('%');
  if (zone >= 0 && /[\n\r\u2028\u2029]/.test(text.slice(zone))) return null;
  const address = (zone < 0 ? text : text.slice(0, zone)).toLowerCase();
  if (!/^[0-9a-f:.]+$/.test(address) || !address.includes(':')) return null;
  const halves = address.split('::');
  if (halves.length > 2) return null;
  const groupsOf = (part: string): number[] | null => {
    if (part === '') return [];
    const groups: number[] = [];
    for (const piece of part.split(':')) {
      if (piece.includes('.')) {
        const v4 = parseIpv4(piece);
        if (v4 === null) return null;
        groups.push(Math.floor(v4 / 65536), v4 % 65536);
      } else if (/^[0-9a-f]{1,4}$/.test(piece)) groups.push(parseInt(piece, 16));
      else return null;
    }
    return groups;
  };
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

function compressIpv6(groups: readonly number[]): string {
  // The longest run of zero groups (two or more) becomes `::`, as RFC 5952 writes addresses.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
