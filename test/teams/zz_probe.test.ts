import { it } from "vitest";
import { channelMessage } from "./helpers/activities.js";
import { startTeamsRig } from "./helpers/rig.js";
it("probe", async () => {
  const rig = await startTeamsRig("sqlite", { env: { MICROSOFT_APP_ID: "0b0b0b0b-1111-4222-8333-444444444444", MICROSOFT_APP_PASSWORD: "secret" } });
  for (const headers of [{}, { authorization: "Bearer not-a-token" }]) {
    const res = await rig.send(channelMessage(rig.connector.serviceUrl, 'help'), headers);
    console.log(res.status, await res.text());
  }
  await rig.close();
});
