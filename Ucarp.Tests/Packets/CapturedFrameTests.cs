using System.Buffers.Binary;
using System.Text;
using Ucarp.Protocol;
using Ucarp.Protocol.Auth;
using Ucarp.Protocol.Packets;

namespace Ucarp.Tests.Packets;

public class CapturedFrameTests
{
    public static TheoryData<FrameVector> Frames => new(FrameVector.All());

    public static TheoryData<FrameVector> Advertisements => new(FrameVector.All().Where(v => v.Kind == "CARP"));

    [Theory]
    [MemberData(nameof(Advertisements))]
    public void Read_CapturedAdvertisement_IsValidWithItsPassword(FrameVector vector)
    {
        byte[] frame = Convert.FromHexString(vector.Hex);
        var reader = new AdvertisementReader(vector.Vhid, vector.Source + 1, vector.Group, Digest(vector));

        ReceivedAdvertisement advert = reader.Read(frame);

        Assert.Equal(DropReason.None, advert.Drop);
        Assert.Equal(vector.Source, advert.Source);
        Assert.Equal(vector.Vhid, advert.Header.Vhid);
        Assert.Equal(vector.AdvBase, advert.Header.AdvBase);
        Assert.Equal(vector.AdvSkew, advert.Header.AdvSkew);
    }

    [Theory]
    [MemberData(nameof(Advertisements))]
    public void Read_CapturedAdvertisementWithOtherPassword_IsBadDigest(FrameVector vector)
    {
        byte[] frame = Convert.FromHexString(vector.Hex);
        var digest = new CarpDigest("wrong"u8, vector.Vhid, vector.VirtualAddress);
        var reader = new AdvertisementReader(vector.Vhid, vector.Source + 1, vector.Group, digest);

        Assert.Equal(DropReason.BadDigest, reader.Read(frame).Drop);
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Write_FromConfigurationIdAndCounter_ReproducesCapturedBytes(FrameVector vector)
    {
        byte[] captured = Convert.FromHexString(vector.Hex);
        byte[] built;
        if (vector.Kind == "ARP")
        {
            built = new byte[GratuitousArp.Size];
            GratuitousArp.Write(built, vector.InterfaceMac, vector.VirtualAddress);
        }
        else
        {
            ushort ipId = BinaryPrimitives.ReadUInt16BigEndian(captured.AsSpan(EthernetHeader.Size + 4));
            ulong counter = BinaryPrimitives.ReadUInt64BigEndian(captured.AsSpan(EthernetHeader.Size + Ipv4Header.MinSize + CarpHeader.CounterOffset));
            built = new byte[AdvertisementFrame.Size];
            var header = new CarpHeader(CarpConstants.VersionAndType, vector.Vhid, vector.AdvSkew, vector.AdvBase, counter);
            AdvertisementFrame.Write(built, header, vector.Source, vector.Group, vector.Broadcast, ipId, Digest(vector));
        }

        Assert.Equal(vector.Hex, Convert.ToHexString(built), ignoreCase: true);
    }

    private static CarpDigest Digest(FrameVector vector) =>
        new(Encoding.UTF8.GetBytes(vector.Password), vector.Vhid, vector.VirtualAddress);
}
