import { NextResponse } from 'next/server';

// Public by design: the cheapest JSON answer the app gives (no session, no database). It is the floor that
// `npm run bench` measures the other routes against; load balancers may poll it too. It reveals nothing.
export function GET(): NextResponse {
  return NextResponse.json({ status: 'ok' }, { headers: { 'Cache-Control': 'no-store' } });
}
