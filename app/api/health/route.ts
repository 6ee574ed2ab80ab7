import { NextResponse } from 'next/server';
import { checkDatabase } from '@/lib/server/health';

// Public by design (load balancers and the start script poll it); it reveals only up/down.
export async function GET(): Promise<NextResponse> {
  const database = await checkDatabase();
  const ok = database === 'up';
  return NextResponse.json({ status: ok ? 'ok' : 'unavailable', database }, { status: ok ? 200 : 503, headers: { 'Cache-Control': 'no-store' } });
}
