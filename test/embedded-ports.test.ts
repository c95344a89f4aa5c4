/**
 * How `npm start` chooses its embedded servers' ports (src/embedded-ports.ts), on real sockets: the
 * usual port when free, another when it is taken, a configured one or a refusal, and a second
 * choice when a server finds its chosen port bound by someone else after the check.
 */
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { choosePort, PortTakenError, saysAddressInUse, startOnPorts, type EmbeddedPortSpec, type PortChoice } from '../src/embedded-ports';
import { freePort, portIsFree } from '../src/net';

const held: net.Server[] = [];

afterEach(async () => {
  await Promise.all(held.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A port something listens on, until the test ends. */
async function takenPort(port = 0): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  held.push(server);
  return (server.address() as net.AddressInfo).port;
}

const spec = (usual: number, configured?: number): EmbeddedPortSpec => ({
  what: 'the test server',
  label: 'Test',
  variable: 'TEST_PORT',
  configured,
  usual,
});

describe('choosing a port for an embedded server', () => {
  it('takes the usual port when it is free, another free one when it is taken', async () => {
    const usual = await freePort();
    expect(await choosePort(spec(usual))).toEqual({ port: usual, how: 'usual' });
    await takenPort(usual);
    const moved = await choosePort(spec(usual));
    expect(moved.how).toBe('moved');
    expect(moved.port).not.toBe(usual);
    expect(await portIsFree(moved.port)).toBe(true);
  });

  it('takes a configured port when it is free, and refuses it when taken, saying what to do', async () => {
    const free = await freePort();
    expect(await choosePort(spec(1, free))).toEqual({ port: free, how: 'configured' });
    const taken = await takenPort();
    await expect(choosePort(spec(1, taken))).rejects.toThrow(
      `TEST_PORT=${taken}, but something already listens on 127.0.0.1:${taken}, so the test server cannot start there. ` +
        'Stop whatever holds the port, set TEST_PORT to a free port, or unset TEST_PORT to let npm start choose one.',
    );
  });

  it('chooses distinct ports for servers started together', async () => {
    const usual = await takenPort();
    const seen: PortChoice[][] = [];
    const { choices } = await startOnPorts([spec(usual), spec(usual)], (c) => Promise.resolve(seen.push(c)), saysAddressInUse);
    expect(choices[0]!.port).not.toBe(choices[1]!.port);
    expect(choices.map((c) => c.how)).toEqual(['moved', 'moved']);
  });
});

describe('starting on a chosen port that someone else binds first', () => {
  it('chooses again when the server says its address is in use', async () => {
    const usual = await freePort();
    const tried: number[] = [];
    const { value, choices } = await startOnPorts(
      [spec(usual)],
      async ([choice]) => {
        tried.push(choice!.port);
        // The first attempt loses the race: another instance bound the port after the check.
        if (tried.length === 1) {
          await takenPort(choice!.port);
          throw new Error(`could not bind IPv4 address "127.0.0.1": Address already in use`);
        }
        return 'started';
      },
      saysAddressInUse,
    );
    expect(value).toBe('started');
    expect(tried[0]).toBe(usual);
    expect(choices[0]).toEqual({ port: tried[1], how: 'moved' });
    expect(tried[1]).not.toBe(usual);
  });

  it('refuses a configured port that was bound between the check and the start', async () => {
    const configured = await freePort();
    const attempt = startOnPorts(
      [spec(1, configured)],
      async () => {
        await takenPort(configured);
        throw new Error('listen tcp: bind: address already in use');
      },
      saysAddressInUse,
    );
    await expect(attempt).rejects.toBeInstanceOf(PortTakenError);
    await expect(attempt).rejects.toThrow(/TEST_PORT=\d+, but something already listens/);
  });

  it('does not retry a failure that is not about the port', async () => {
    let calls = 0;
    const attempt = startOnPorts(
      [spec(await freePort())],
      () => {
        calls++;
        return Promise.reject(new Error('initdb: could not create directory'));
      },
      saysAddressInUse,
    );
    await expect(attempt).rejects.toThrow('initdb: could not create directory');
    expect(calls).toBe(1);
  });
});
