/** A stable colour per project, so its tiles are recognisable at a glance. */
export function projectColor(projectId: string): string {
  let hash = 0;
  for (const ch of projectId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return `hsl(${hash % 360} 55% 55%)`;
}
