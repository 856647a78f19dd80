import * as MqttClient from 'mqtt';
import { UserSignedup } from './__gen__/payloads/UserSignedup';
import { Protocols } from './__gen__/channels';
const { mqtt } = Protocols;
const { publishToUserSignedup } = mqtt;
const client = await MqttClient.connectAsync("mqtt://0.0.0.0:1883");
const myPayload = new UserSignedup({displayName: 'test', email: 'test@test.dk'});
const producer = await publishToUserSignedup(myPayload, client);
